// Runs the x_animator helper (tests/helpers/x_animator.cpp): a window whose content a test knows,
// so a recording of the screen can be checked pixel by pixel.
#pragma once

#include <memory>
#include <string>

#include "support/child_process.h"

namespace clipnote::test {

class XvfbSession;

// Path of the x_animator binary: $CLIPNOTE_X_ANIMATOR if set, else the one CMake built.
std::string x_animator_path();

// Starts x_animator on the session and returns once its window is mapped and drawn (it prints
// "ready 0x<id> monotonic=<t0>"); throws std::runtime_error after 10 s or if the helper dies.
// Modes (details in tests/helpers/x_animator.cpp):
//   moving - dark background, a bright box that moves every 1/30 s, a colour band that changes,
//            and the frame number in binary in the bottom strip (read_frame_counter): every
//            captured frame differs and dropped/duplicated frames can be counted
//   still  - a fixed pattern (colour bars over a checkerboard), drawn once
//   flash  - black, pure white for one 1/30 s frame at each whole second after the first frame
//   split  - left half pure red (255,0,0), right half pure blue (0,0,255)
// The helper is stopped (SIGTERM) when this object is destroyed.
class XAnimator {
public:
    XAnimator(const XvfbSession& session, std::string mode,
              std::string title = "clipnote-test-window",
              std::string geometry = "" /* WxH+X+Y, default: the full screen */);
    ~XAnimator();
    XAnimator(const XAnimator&) = delete;
    XAnimator& operator=(const XAnimator&) = delete;

    unsigned long window_id() const { return window_id_; }
    // CLOCK_MONOTONIC seconds when the first frame was drawn; in "flash" mode flash k (k >= 1)
    // is on screen during [start + k, start + k + 1/30), so a test can schedule a beep with it.
    double start_monotonic_s() const { return start_monotonic_s_; }
    const std::string& title() const { return title_; }
    const std::string& mode() const { return mode_; }
    ChildProcess& process() { return *process_; }

private:
    std::string mode_, title_;
    unsigned long window_id_ = 0;
    double start_monotonic_s_ = 0;
    std::unique_ptr<ChildProcess> process_;
};

}  // namespace clipnote::test
