#include "capture/screen_backend.h"

#include <cstdlib>

#include "capture/x11_display.h"

namespace clipnote {

namespace {
std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}
}  // namespace

ScreenBackend choose_screen_backend() {
    const std::string session = env("XDG_SESSION_TYPE");
    const std::string wayland = env("WAYLAND_DISPLAY");
    if (session == "wayland") return {"portal", "Wayland session (XDG_SESSION_TYPE=wayland): the ScreenCast portal"};
    if (session == "x11") return {"x11grab", "X11 session (XDG_SESSION_TYPE=x11): x11grab"};
    if (!wayland.empty()) return {"portal", "Wayland session (WAYLAND_DISPLAY=" + wayland + "): the ScreenCast portal"};
    return {"x11grab", "X11 (DISPLAY=" + env("DISPLAY") + "): x11grab"};
}

SourceSpec portal_source(const std::string& text, const std::string& region) {
    SourceSpec s{"portal", text.rfind("portal:", 0) == 0 ? text.substr(7) : "", {}};
    if (s.url.empty()) s.url = "monitor";
    if (!region.empty()) {
        parse_region(region);  // a malformed region fails here, before the portal is asked
        s.options["crop"] = region;
    }
    return s;
}

SourceSpec monitor_source(const std::string& display, const MonitorInfo& monitor, int fps) {
    const Region screen = screen_bounds(display);
    const Region& b = monitor.bounds;
    if (b.x == 0 && b.y == 0 && b.width == screen.width && b.height == screen.height) return screen_source(display, fps);
    return region_source(display, clip_to_screen(b, screen), fps);
}

SourceSpec default_screen_source(int fps, const std::string& region) {
    if (choose_screen_backend().format == "portal") return portal_source("portal", region);
    const std::string display = display_from_environment();
    if (region.empty()) return monitor_source(display, choose_monitor(display), fps);
    return region_source(display, clip_to_screen(parse_region(region), screen_bounds(display)), fps);
}

}  // namespace clipnote
