#pragma once
// Which screen backend a session needs, and why: under Wayland the X11 grabber sees only
// XWayland windows (the desktop itself records black), so a Wayland session records through the
// ScreenCast portal + PipeWire (`portal:`); under X11 it is `x11grab`.
#include <string>

#include "capture/source_spec.h"
#include "capture/x11_monitors.h"

namespace clipnote {

struct ScreenBackend {
    std::string format;  // "portal" or "x11grab"
    std::string reason;  // one line for people, e.g. "Wayland session (WAYLAND_DISPLAY=wayland-1)"
};

// From the environment: XDG_SESSION_TYPE, WAYLAND_DISPLAY, DISPLAY.
ScreenBackend choose_screen_backend();

// The whole screen through the chosen backend at `fps` (on X11 the pointer's monitor); `region`
// ("WxH+X+Y", may be empty) is a crop of the portal's monitor stream or an x11grab region.
SourceSpec default_screen_source(int fps, const std::string& region = {});

// `monitor` of `display` (x11_monitors.h) through x11grab; the whole screen when it covers it.
SourceSpec monitor_source(const std::string& display, const MonitorInfo& monitor, int fps);

// The portal source for the CLI's `--screen portal[:monitor|window|any]`, with an optional crop.
SourceSpec portal_source(const std::string& text, const std::string& region = {});

}  // namespace clipnote
