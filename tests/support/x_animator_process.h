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
// "ready 0x<id>"); throws std::runtime_error after 10 s or if the helper dies. Modes:
//   moving - dark background, a bright box that moves every 1/30 s and a colour band that changes
//            (every captured frame differs)
//   still  - a fixed pattern, drawn once
//   flash  - black, pure white for one 1/30 s frame at each whole second after start
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
    const std::string& title() const { return title_; }
    const std::string& mode() const { return mode_; }
    ChildProcess& process() { return *process_; }

private:
    std::string mode_, title_;
    unsigned long window_id_ = 0;
    std::unique_ptr<ChildProcess> process_;
};

}  // namespace clipnote::test
