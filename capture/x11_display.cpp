#include "capture/x11_display.h"

#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

#include "capture/x11_connection.h"
#include "common/error.h"

namespace clipnote {

namespace {

std::string window_title(Display* d, Window w) {
    const Atom net_wm_name = XInternAtom(d, "_NET_WM_NAME", False);
    const Atom utf8 = XInternAtom(d, "UTF8_STRING", False);
    Atom type;
    int format;
    unsigned long count, after;
    unsigned char* data = nullptr;
    std::string title;
    if (XGetWindowProperty(d, w, net_wm_name, 0, 1024, False, utf8, &type, &format, &count, &after,
                           &data) == Success &&
        data) {
        title.assign(reinterpret_cast<char*>(data), count);
        XFree(data);
        if (!title.empty()) return title;
    }
    char* name = nullptr;
    if (XFetchName(d, w, &name) && name) {
        title = name;
        XFree(name);
    }
    return title;
}

// Top-level windows (children of root, and one level below for reparenting window managers).
void collect(Display* d, Window w, int depth, std::vector<WindowInfo>& out) {
    Window root_return, parent;
    Window* children = nullptr;
    unsigned int n = 0;
    if (!XQueryTree(d, w, &root_return, &parent, &children, &n)) return;
    for (unsigned int i = 0; i < n; ++i) {
        XWindowAttributes attrs;
        if (!XGetWindowAttributes(d, children[i], &attrs) || attrs.map_state != IsViewable) continue;
        std::string title = window_title(d, children[i]);
        if (!title.empty()) {
            int x = 0, y = 0;
            Window child;
            XTranslateCoordinates(d, children[i], root_return, 0, 0, &x, &y, &child);
            out.push_back({children[i], title, {attrs.width, attrs.height, x, y}});
        } else if (depth == 0) {
            collect(d, children[i], depth + 1, out);
        }
    }
    if (children) XFree(children);
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

}  // namespace

std::string display_from_environment() {
    const char* d = std::getenv("DISPLAY");
    if (!d || !*d) throw Error("no X display: $DISPLAY is not set (use --screen lavfi:... to record without one)");
    return d;
}

Region screen_bounds(const std::string& display) {
    auto d = open_x_display(display);
    Screen* s = DefaultScreenOfDisplay(d.get());
    return {WidthOfScreen(s), HeightOfScreen(s), 0, 0};
}

std::vector<WindowInfo> list_windows(const std::string& display) {
    auto d = open_x_display(display);
    std::vector<WindowInfo> out;
    collect(d.get(), DefaultRootWindow(d.get()), 0, out);
    return out;
}

WindowInfo find_window(const std::string& display, const std::string& id_or_name) {
    const auto windows = list_windows(display);
    char* end = nullptr;
    const unsigned long id = std::strtoul(id_or_name.c_str(), &end, 0);
    if (end && *end == '\0' && id != 0) {
        for (const auto& w : windows)
            if (w.id == id) return w;
        // Not a top-level we listed (e.g. a client window inside a frame): ask for it directly.
        auto d = open_x_display(display);
        XWindowAttributes attrs;
        if (XGetWindowAttributes(d.get(), id, &attrs) && attrs.map_state == IsViewable) {
            int x = 0, y = 0;
            Window child;
            XTranslateCoordinates(d.get(), id, DefaultRootWindow(d.get()), 0, 0, &x, &y, &child);
            return {id, window_title(d.get(), id), {attrs.width, attrs.height, x, y}};
        }
        throw Error("no viewable window with id " + id_or_name);
    }
    for (const auto& w : windows)
        if (w.name == id_or_name) return w;
    for (const auto& w : windows)
        if (lower(w.name).find(lower(id_or_name)) != std::string::npos) return w;
    throw Error("no window titled '" + id_or_name + "' (see `clipnote devices`)");
}

Region clip_to_screen(const Region& r, const Region& screen) {
    Region c;
    c.x = std::clamp(r.x, screen.x, screen.x + screen.width);
    c.y = std::clamp(r.y, screen.y, screen.y + screen.height);
    c.width = std::min(r.x + r.width, screen.x + screen.width) - c.x;
    c.height = std::min(r.y + r.height, screen.y + screen.height) - c.y;
    c.width &= ~1;
    c.height &= ~1;
    if (c.width < 16 || c.height < 16) throw Error("region lies outside the screen");
    return c;
}

}  // namespace clipnote
