#pragma once
// What clipnote asks the X server directly: the screen size, where a window is, which windows
// exist. Capture itself goes through libavdevice's x11grab.
#include <string>
#include <vector>

#include "capture/source_spec.h"

namespace clipnote {

struct WindowInfo {
    unsigned long id = 0;
    std::string name;
    Region bounds;  // in root-window coordinates
};

// $DISPLAY, or throws Error("no X display: $DISPLAY is not set") when it is empty.
std::string display_from_environment();

// Throws Error when the display cannot be opened.
Region screen_bounds(const std::string& display);

// Finds a viewable top-level window by id ("0x1a00004" or decimal) or by exact, then
// case-insensitive substring, match of its title. Throws Error naming the window if none.
WindowInfo find_window(const std::string& display, const std::string& id_or_name);

std::vector<WindowInfo> list_windows(const std::string& display);

// The part of `r` that lies on the screen (or a monitor of it), with even width and height (H.264
// wants even sizes).
Region clip_to_screen(const Region& r, const Region& screen);

}  // namespace clipnote
