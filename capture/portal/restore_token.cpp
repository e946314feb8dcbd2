#include "capture/portal/restore_token.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

namespace clipnote {

namespace fs = std::filesystem;

fs::path restore_token_path(const std::string& target) {
    const char* state = std::getenv("XDG_STATE_HOME");
    const char* home = std::getenv("HOME");
    const fs::path base = state && *state ? fs::path(state) : fs::path(home ? home : "/tmp") / ".local" / "state";
    return base / "clipnote" / ("screencast-" + target + ".token");
}

std::string load_restore_token(const std::string& target) {
    std::ifstream in(restore_token_path(target));
    std::string token;
    std::getline(in, token);
    return token;
}

void save_restore_token(const std::string& target, const std::string& token) {
    const fs::path path = restore_token_path(target);
    std::error_code ec;
    if (token.empty()) {
        fs::remove(path, ec);
        return;
    }
    fs::create_directories(path.parent_path(), ec);
    const fs::path temp = path.string() + ".new";
    const int fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) return;
    const std::string line = token + "\n";
    const bool ok = write(fd, line.data(), line.size()) == ssize_t(line.size()) && fsync(fd) == 0;
    close(fd);
    if (ok) fs::rename(temp, path, ec);
    else fs::remove(temp, ec);
}

}  // namespace clipnote
