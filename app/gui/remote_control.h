#pragma once
// `clipnote toggle` / `clipnote react` talk to a running app through a UNIX socket in
// $XDG_RUNTIME_DIR (for desktops where the user binds keys themselves, e.g. under Wayland).
#include <functional>
#include <string>
#include <thread>

namespace clipnote::gui {

std::string remote_socket_path();

// Sends one command ("toggle", "react") to the running app; throws Error when none is running.
void send_remote_command(const std::string& command);

class RemoteControlServer {
public:
    // Listens on remote_socket_path(); throws Error when another app instance already does.
    RemoteControlServer();
    ~RemoteControlServer();
    RemoteControlServer(const RemoteControlServer&) = delete;
    RemoteControlServer& operator=(const RemoteControlServer&) = delete;
    // `on_command` runs on the server thread.
    void start(std::function<void(const std::string&)> on_command);

private:
    void run();
    int listen_fd_ = -1;
    int wake_pipe_[2] = {-1, -1};
    std::string path_;
    std::function<void(const std::string&)> on_command_;
    std::thread thread_;
};

}  // namespace clipnote::gui
