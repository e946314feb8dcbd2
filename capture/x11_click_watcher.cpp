#include "capture/x11_click_watcher.h"

#include <X11/extensions/XInput2.h>
#include <poll.h>
#include <unistd.h>

#include "common/clock.h"

namespace clipnote {

namespace {
constexpr size_t kKeptClicks = 64;  // a recording looks back a second at most
}

X11ClickWatcher::X11ClickWatcher(const std::string& display) : display_(open_x_display(display)) {
    int event = 0, error = 0;
    if (!XQueryExtension(display_.get(), "XInputExtension", &xi_opcode_, &event, &error))
        throw Error("the X server has no XInput extension: no click highlight");
    int major = 2, minor = 0;
    if (XIQueryVersion(display_.get(), &major, &minor) != Success) throw Error("the X server has no XInput 2: no click highlight");
    unsigned char mask_bits[XIMaskLen(XI_LASTEVENT)] = {};
    XISetMask(mask_bits, XI_RawButtonPress);
    XIEventMask mask{XIAllMasterDevices, int(sizeof mask_bits), mask_bits};
    XISelectEvents(display_.get(), DefaultRootWindow(display_.get()), &mask, 1);
    XFlush(display_.get());
    if (pipe(wake_) != 0) throw Error("cannot make a pipe for the click watcher");
    thread_ = std::thread([this] { run(); });
}

X11ClickWatcher::~X11ClickWatcher() {
    const char stop = 1;
    if (write(wake_[1], &stop, 1) != 1) {}  // the thread also ends when the display goes
    if (thread_.joinable()) thread_.join();
    close(wake_[0]);
    close(wake_[1]);
}

std::vector<PointerClick> X11ClickWatcher::clicks_since(int64_t since_us) const {
    std::lock_guard lock(mutex_);
    std::vector<PointerClick> out;
    for (const PointerClick& c : clicks_)
        if (c.at_us >= since_us) out.push_back(c);
    return out;
}

void X11ClickWatcher::run() {
    Display* d = display_.get();
    pollfd fds[2] = {{ConnectionNumber(d), POLLIN, 0}, {wake_[0], POLLIN, 0}};
    for (;;) {
        while (XPending(d) > 0) {
            XEvent e;
            XNextEvent(d, &e);
            if (e.xcookie.type != GenericEvent || e.xcookie.extension != xi_opcode_ || !XGetEventData(d, &e.xcookie)) continue;
            const bool press = e.xcookie.evtype == XI_RawButtonPress;
            const int button = press ? static_cast<XIRawEvent*>(e.xcookie.data)->detail : 0;
            XFreeEventData(d, &e.xcookie);
            if (!press || button < 1 || button > 3) continue;  // 4..7 are the wheel
            // Raw events carry no position: ask where the pointer is now, a moment after the press.
            Window root = 0, child = 0;
            int x = 0, y = 0, wx = 0, wy = 0;
            unsigned buttons = 0;
            if (!XQueryPointer(d, DefaultRootWindow(d), &root, &child, &x, &y, &wx, &wy, &buttons)) continue;
            std::lock_guard lock(mutex_);
            clicks_.push_back({monotonic_us(), x, y});
            if (clicks_.size() > kKeptClicks) clicks_.pop_front();
        }
        if (poll(fds, 2, -1) < 0) continue;
        if (fds[1].revents) return;
        if (fds[0].revents & (POLLERR | POLLHUP)) return;
    }
}

}  // namespace clipnote
