// A private X server for tests that capture the screen: its own display number, a known size,
// stopped when the test ends.
#pragma once

#include <memory>
#include <string>

#include "support/child_process.h"
#include "support/x_animator_process.h"  // XAnimator: a window with known content on the session

namespace clipnote::test {

// Starts `Xvfb :N -screen 0 WxHx24 -nolisten tcp -noreset` on the first free N >= 90 and waits
// until a client can connect. Throws std::runtime_error (with Xvfb's stderr) if it cannot.
// The pointer is parked at the bottom-right pixel, out of the way of captured test patterns.
class XvfbSession {
public:
    explicit XvfbSession(int width = 1280, int height = 720);
    ~XvfbSession();
    XvfbSession(const XvfbSession&) = delete;
    XvfbSession& operator=(const XvfbSession&) = delete;

    const std::string& display() const { return display_; }  // ":N", for DISPLAY
    int display_number() const { return number_; }
    int width() const { return width_; }
    int height() const { return height_; }
    // {"DISPLAY": display()}, to pass as extra_env to ChildProcess.
    EnvVars env() const { return {{"DISPLAY", display_}}; }
    // Splits the screen into two RandR monitors side by side, as a laptop panel ("laptop", the
    // left half) and an external screen ("external", the right half) are. Needs xrandr; throws
    // std::runtime_error when it fails.
    void split_into_two_monitors() const;

private:
    int width_, height_;
    int number_ = -1;
    std::string display_;
    std::unique_ptr<ChildProcess> server_;
};

}  // namespace clipnote::test
