#pragma once
// The app end of the UNIX socket that `clipnote toggle` / `react` / `pause` / `cancel` write to
// (app/remote/remote_client.h is the other end).
#include <functional>
#include <string>
#include <thread>

namespace clipnote::gui {

class RemoteControlServer {
public:
    // Listens on remote::socket_path(); throws Error when another app instance already does.
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
