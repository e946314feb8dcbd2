#pragma once
// An owned X connection for the short questions clipnote asks the server (screen size, windows,
// monitors), opened so that losing the server mid-question does not end the program.
#include <X11/Xlib.h>

#include <memory>
#include <string>

#include "capture/x11_display_loss.h"
#include "common/error.h"

namespace clipnote {

struct XDisplayCloser {
    void operator()(Display* d) const { XCloseDisplay(d); }
};
using XDisplayPtr = std::unique_ptr<Display, XDisplayCloser>;

// Throws Error("cannot open X display ':1'") when it cannot be opened.
inline XDisplayPtr open_x_display(const std::string& name) {
    XDisplayPtr d(open_display_surviving_loss(name.c_str()));
    if (!d) throw Error("cannot open X display '" + name + "'");
    return d;
}

}  // namespace clipnote
