#include "support/xvfb_session.h"

#include <X11/Xlib.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

namespace clipnote::test {
namespace {

constexpr int kFirstDisplay = 90;
constexpr int kMaxAttempts = 20;
constexpr auto kReadyTimeout = std::chrono::seconds(10);

bool display_looks_taken(int n) {
    std::error_code ec;
    return std::filesystem::exists("/tmp/.X11-unix/X" + std::to_string(n), ec) ||
           std::filesystem::exists("/tmp/.X" + std::to_string(n) + "-lock", ec);
}

// The pid written in /tmp/.XN-lock, or -1. The lock file, not a successful connection, proves
// the server on :N is ours: a concurrent test may have won the race for N.
pid_t lock_owner(int n) {
    std::string text = read_text_file("/tmp/.X" + std::to_string(n) + "-lock");
    return text.empty() ? -1 : static_cast<pid_t>(std::atol(text.c_str()));
}

struct DisplayCloser {
    void operator()(Display* d) const { XCloseDisplay(d); }
};
using DisplayPtr = std::unique_ptr<Display, DisplayCloser>;

bool can_connect(const std::string& display) {
    return DisplayPtr(XOpenDisplay(display.c_str())) != nullptr;
}

// Xvfb starts with the pointer in the middle of the screen, where x11grab would paint it over
// the test pattern; park it in the bottom-right corner instead (tests can move it with xdotool).
void park_pointer(const std::string& display, int width, int height) {
    DisplayPtr d(XOpenDisplay(display.c_str()));
    if (!d) return;
    XWarpPointer(d.get(), None, DefaultRootWindow(d.get()), 0, 0, 0, 0, width - 1, height - 1);
    XSync(d.get(), False);
}

}  // namespace

XvfbSession::XvfbSession(int width, int height) : width_(width), height_(height) {
    std::string last_error = "no free display number found";
    int attempts = 0;
    for (int n = kFirstDisplay; n < kFirstDisplay + 1000 && attempts < kMaxAttempts; ++n) {
        if (display_looks_taken(n)) continue;
        ++attempts;
        std::string display = ":" + std::to_string(n);
        std::string screen = std::to_string(width) + "x" + std::to_string(height) + "x24";
        auto server = std::make_unique<ChildProcess>(std::vector<std::string>{
            "Xvfb", display, "-screen", "0", screen, "-nolisten", "tcp", "-noreset"});

        const auto deadline = std::chrono::steady_clock::now() + kReadyTimeout;
        bool ready = false, lost_race = false;
        while (std::chrono::steady_clock::now() < deadline) {
            if (!server->running()) {  // most likely another server took :N first
                last_error = "Xvfb " + display + " exited (code " +
                             std::to_string(server->exit_code().value_or(-1)) +
                             "): " + server->stderr_text();
                lost_race = true;
                break;
            }
            if (can_connect(display)) {
                if (lock_owner(n) == server->pid()) {
                    ready = true;
                } else {
                    last_error = "display " + display + " was taken by another X server";
                    lost_race = true;
                }
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        if (ready) {
            park_pointer(display, width, height);
            number_ = n;
            display_ = display;
            server_ = std::move(server);
            return;
        }
        if (!lost_race)
            throw std::runtime_error(
                "Xvfb " + display +
                " did not accept connections within 10 s: " + server->stderr_text());
        // server's destructor stops it (if still running); try the next number.
    }
    throw std::runtime_error("could not start Xvfb after " + std::to_string(attempts) +
                             " attempts: " + last_error);
}

XvfbSession::~XvfbSession() = default;  // ChildProcess stops the server

void XvfbSession::split_into_two_monitors() const {
    const std::string half = std::to_string(width_ / 2);
    const std::string size = half + "/170x" + std::to_string(height_) + "/130";
    const std::vector<std::vector<std::string>> monitors = {{"laptop", size + "+0+0", "screen"},
                                                            {"external", size + "+" + half + "+0", "none"}};
    for (const auto& m : monitors) {
        const RunResult r = run_command({"xrandr", "--setmonitor", m[0], m[1], m[2]}, env());
        if (r.exit_code != 0) throw std::runtime_error("xrandr --setmonitor " + m[0] + " (x11-xserver-utils): " + r.err);
    }
}

}  // namespace clipnote::test
