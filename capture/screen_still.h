#pragma once
// One picture of the screen, for the region overlay to freeze, taken through the same backend a
// recording uses: under Wayland that is the ScreenCast portal (an X11 read of the root window
// sees only XWayland's windows there, and black around them).
#include <chrono>
#include <cstdint>
#include <vector>

#include "capture/source_spec.h"

namespace clipnote {

struct StillPicture {
    int width = 0, height = 0;
    std::vector<std::uint8_t> rgba;  // width * height * 4, rows top to bottom
};

// Opens `screen`, waits for its first picture (at most `timeout`), closes it again.
// Throws Error when the source cannot be opened or sends nothing in time.
StillPicture grab_still_picture(const SourceSpec& screen, std::chrono::milliseconds timeout);

}  // namespace clipnote
