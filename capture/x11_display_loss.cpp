#include "capture/x11_display_loss.h"

#include <X11/Xlib.h>

#include <atomic>
#include <mutex>

namespace clipnote {

namespace {

std::atomic<bool> g_lost{false};

// Xlib's default prints "X connection to :0 broken" per display; the program says it once.
int quiet_io_error(Display*) { return 0; }

// Returning (instead of exit()) lets Xlib mark the display dead (libX11 >= 1.7). Nothing else
// happens here: another X call on this display from inside the handler would exit() after all.
void display_gone(Display*, void*) { g_lost = true; }

}  // namespace

void survive_display_loss(Display* display) {
    if (!display) return;
    static std::once_flag once;
    std::call_once(once, [] { XSetIOErrorHandler(quiet_io_error); });
    XSetIOErrorExitHandler(display, display_gone, nullptr);
}

Display* open_display_surviving_loss(const char* name) {
    Display* d = XOpenDisplay(name);
    survive_display_loss(d);
    return d;
}

bool x11_display_lost() { return g_lost.load(); }

}  // namespace clipnote
