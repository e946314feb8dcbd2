#pragma once
// The monitors of an X screen (RandR 1.5, what `xrandr --listmonitors` shows). On a laptop with an
// external screen the X root spans both; "the whole screen" means one monitor, by default the one
// under the pointer, so two monitors never become one very wide video.
#include <optional>
#include <string>
#include <vector>

#include "capture/source_spec.h"

namespace clipnote {

struct MonitorInfo {
    int index = 0;     // in the server's order, as xrandr numbers them
    std::string name;  // "HDMI-1", or "screen" for a screen RandR reports no monitor on
    Region bounds;     // in root-window coordinates
    bool primary = false;
};

// Throws Error when the display cannot be opened. Never empty: without RandR monitors, the whole
// screen is the one monitor.
std::vector<MonitorInfo> list_monitors(const std::string& display);

// Where the pointer is, in root-window coordinates; nullopt when it is on another screen.
struct Point {
    int x = 0, y = 0;
};
std::optional<Point> pointer_position(const std::string& display);

// `selector` "" is the monitor under the pointer (else the primary one, else the first); a name
// ("HDMI-1") or an index ("1") picks that one. Throws Error naming the monitors there are when
// none matches.
MonitorInfo choose_monitor(const std::string& display, const std::string& selector = "");
// The same choice among `monitors` (from list_monitors) with the pointer at `pointer`.
MonitorInfo choose_monitor(const std::vector<MonitorInfo>& monitors, std::optional<Point> pointer,
                           const std::string& selector, const std::string& display);

// "HDMI-1 1920x1080+1920+0 (primary)".
std::string describe(const MonitorInfo& monitor);

}  // namespace clipnote
