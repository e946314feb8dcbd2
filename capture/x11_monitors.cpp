#include "capture/x11_monitors.h"

#include <X11/extensions/Xrandr.h>

#include <memory>

#include "capture/x11_connection.h"
#include "common/error.h"

namespace clipnote {
namespace {

struct MonitorsFree {
    void operator()(XRRMonitorInfo* m) const { XRRFreeMonitors(m); }
};

std::string atom_name(Display* d, Atom atom) {
    if (atom == None) return "";
    char* name = XGetAtomName(d, atom);
    std::string out = name ? name : "";
    if (name) XFree(name);
    return out;
}

bool contains(const Region& r, Point p) {
    return p.x >= r.x && p.x < r.x + r.width && p.y >= r.y && p.y < r.y + r.height;
}

}  // namespace

std::vector<MonitorInfo> list_monitors(const std::string& display) {
    auto d = open_x_display(display);
    std::vector<MonitorInfo> out;
    int event_base = 0, error_base = 0, major = 0, minor = 0;
    if (XRRQueryExtension(d.get(), &event_base, &error_base) && XRRQueryVersion(d.get(), &major, &minor) &&
        (major > 1 || (major == 1 && minor >= 5))) {
        int count = 0;
        std::unique_ptr<XRRMonitorInfo, MonitorsFree> monitors(
            XRRGetMonitors(d.get(), DefaultRootWindow(d.get()), True, &count));
        for (int i = 0; monitors && i < count; ++i) {
            const XRRMonitorInfo& m = monitors.get()[i];
            out.push_back({i, atom_name(d.get(), m.name), {m.width, m.height, m.x, m.y}, m.primary != 0});
        }
    }
    if (out.empty()) {
        Screen* s = DefaultScreenOfDisplay(d.get());
        out.push_back({0, "screen", {WidthOfScreen(s), HeightOfScreen(s), 0, 0}, true});
    }
    return out;
}

std::optional<Point> pointer_position(const std::string& display) {
    auto d = open_x_display(display);
    Window root = 0, child = 0;
    int x = 0, y = 0, wx = 0, wy = 0;
    unsigned int mask = 0;
    if (!XQueryPointer(d.get(), DefaultRootWindow(d.get()), &root, &child, &x, &y, &wx, &wy, &mask)) return std::nullopt;
    return Point{x, y};
}

MonitorInfo choose_monitor(const std::string& display, const std::string& selector) {
    return choose_monitor(list_monitors(display), selector.empty() ? pointer_position(display) : std::nullopt,
                          selector, display);
}

MonitorInfo choose_monitor(const std::vector<MonitorInfo>& monitors, std::optional<Point> pointer,
                           const std::string& selector, const std::string& display) {
    if (selector.empty()) {
        if (pointer)
            for (const auto& m : monitors)
                if (contains(m.bounds, *pointer)) return m;
        for (const auto& m : monitors)
            if (m.primary) return m;
        return monitors.front();
    }
    for (const auto& m : monitors)
        if (m.name == selector || std::to_string(m.index) == selector) return m;
    std::string known;
    for (const auto& m : monitors) known += (known.empty() ? "" : ", ") + std::to_string(m.index) + " " + m.name;
    throw Error("no monitor \"" + selector + "\" on " + display + " (there are: " + known + "; see `clipnote devices`)");
}

std::string describe(const MonitorInfo& m) {
    return m.name + " " + std::to_string(m.bounds.width) + "x" +
           std::to_string(m.bounds.height) + "+" + std::to_string(m.bounds.x) + "+" + std::to_string(m.bounds.y) +
           (m.primary ? " (primary)" : "");
}

}  // namespace clipnote
