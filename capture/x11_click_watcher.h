#pragma once
// Hears mouse clicks anywhere on an X screen (XInput2 raw button presses on the root window, which
// every client may listen to without grabbing anything) and remembers where and when each was,
// for the click highlight drawn into a recording.
#include <atomic>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "capture/x11_connection.h"

namespace clipnote {

struct PointerClick {
    int64_t at_us = 0;  // monotonic_us() when the server reported it
    int x = 0, y = 0;   // root-window coordinates
};

class X11ClickWatcher {
public:
    // Throws Error when the display cannot be opened or has no XInput 2.
    explicit X11ClickWatcher(const std::string& display);
    ~X11ClickWatcher();
    X11ClickWatcher(const X11ClickWatcher&) = delete;
    X11ClickWatcher& operator=(const X11ClickWatcher&) = delete;

    // The clicks at or after `since_us`, oldest first.
    std::vector<PointerClick> clicks_since(int64_t since_us) const;

private:
    void run();

    XDisplayPtr display_;
    int xi_opcode_ = 0;
    int wake_[2] = {-1, -1};  // a pipe: the destructor's word to the thread
    mutable std::mutex mutex_;
    std::deque<PointerClick> clicks_;
    std::thread thread_;
};

}  // namespace clipnote
