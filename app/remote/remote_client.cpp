#include "app/remote/remote_client.h"

#include <sys/socket.h>
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

}  // namespace clipnote::remote
