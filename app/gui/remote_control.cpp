#include "app/gui/remote_control.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "app/remote/remote_client.h"
#include "common/error.h"

namespace clipnote::gui {

namespace {

sockaddr_un address_of(const std::string& path) {
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    if (path.size() >= sizeof a.sun_path) throw Error("socket path too long: " + path);
    std::memcpy(a.sun_path, path.c_str(), path.size() + 1);
    return a;
}

}  // namespace

RemoteControlServer::RemoteControlServer() : path_(remote::socket_path()) {
    // A socket file nobody answers on is left over from a crash: take it over.
    try {
        remote::send_command("ping");
        throw Error("another clipnote app is already running (" + path_ + ")");
    } catch (const Error& e) {
        if (std::string(e.what()).rfind("another", 0) == 0) throw;
    }
    unlink(path_.c_str());
    listen_fd_ = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const sockaddr_un a = address_of(path_);
    if (listen_fd_ < 0 || bind(listen_fd_, reinterpret_cast<const sockaddr*>(&a), sizeof a) != 0 ||
        listen(listen_fd_, 4) != 0)
        throw Error("cannot listen on " + path_ + ": " + std::strerror(errno));
    if (pipe2(wake_pipe_, O_CLOEXEC | O_NONBLOCK) != 0) throw Error("pipe: " + std::string(std::strerror(errno)));
}

RemoteControlServer::~RemoteControlServer() {
    const char c = 0;
    [[maybe_unused]] auto n = write(wake_pipe_[1], &c, 1);
    if (thread_.joinable()) thread_.join();
    close(listen_fd_);
    close(wake_pipe_[0]);
    close(wake_pipe_[1]);
    unlink(path_.c_str());
}

void RemoteControlServer::start(std::function<void(const std::string&)> on_command) {
    on_command_ = std::move(on_command);
    thread_ = std::thread([this] { run(); });
}

void RemoteControlServer::run() {
    for (;;) {
        pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_pipe_[0], POLLIN, 0}};
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            return;
        }
        if (fds[1].revents) return;
        const int client = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0) continue;
        char buf[64] = {};
        pollfd p{client, POLLIN, 0};
        if (poll(&p, 1, 1000) > 0) {
            const ssize_t n = read(client, buf, sizeof buf - 1);
            std::string command(buf, n > 0 ? size_t(n) : 0);
            while (!command.empty() && (command.back() == '\n' || command.back() == '\r')) command.pop_back();
            if (!command.empty() && command != "ping") on_command_(command);
        }
        close(client);
    }
}

}  // namespace clipnote::gui
