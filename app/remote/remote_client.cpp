#include "app/remote/remote_client.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "common/error.h"

namespace clipnote::remote {

bool is_remote_command(const std::string& name) {
    return name == "toggle" || name == "react" || name == "pause" || name == "cancel";
}

std::string socket_path() {
    if (const char* dir = std::getenv("XDG_RUNTIME_DIR"); dir && *dir) return std::string(dir) + "/clipnote.sock";
    return "/tmp/clipnote-" + std::to_string(getuid()) + ".sock";
}

void send_command(const std::string& command) {
    const std::string path = socket_path();
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    if (path.size() >= sizeof a.sun_path) throw Error("socket path too long: " + path);
    std::memcpy(a.sun_path, path.c_str(), path.size() + 1);
    const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw Error(std::string("socket: ") + std::strerror(errno));
    if (connect(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a) != 0) {
        close(fd);
        throw Error("no clipnote app is running (nothing listens on " + path + "); start it with `clipnote`");
    }
    const std::string line = command + "\n";
    const bool ok = write(fd, line.data(), line.size()) == ssize_t(line.size());
    close(fd);
    if (!ok) throw Error("could not send \"" + command + "\" to the running app");
}

std::string launcher_command() {
    const char* launcher = std::getenv("CLIPNOTE_LAUNCHER");
    if (!launcher || !*launcher) return "clipnote";
    struct stat ours {};
    if (stat(launcher, &ours) != 0) return "clipnote";
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "";
    for (size_t start = 0; start <= dirs.size();) {
        size_t end = dirs.find(':', start);
        if (end == std::string::npos) end = dirs.size();
        const std::string candidate = dirs.substr(start, end - start) + "/clipnote";
        struct stat found {};
        if (end > start && stat(candidate.c_str(), &found) == 0)
            return found.st_dev == ours.st_dev && found.st_ino == ours.st_ino ? "clipnote" : launcher;
        start = end + 1;
    }
    return launcher;
}

}  // namespace clipnote::remote
