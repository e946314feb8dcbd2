#pragma once
// Choosing the settings of a second encode that fits a size limit, from the bytes the first one
// took. What is given up, in order: frames per second (down to 10), then width (a GIF's bytes grow
// a little slower than its pixel count), then quality once the picture would get too small.
#include <cstdint>
#include <string>

namespace clipnote::gif {

struct GifSettings {
    int fps = 15;
    int width = 480;
    int quality = 80;
};

struct FitPlan {
    GifSettings settings;
    std::string gave_up;  // "15 -> 10 fps, 480 -> 360 px"
    bool possible = true; // false: even the floor settings are predicted too big
};

// `used` made `bytes`; plan for `target` bytes (a margin under the limit is the caller's).
FitPlan plan_to_fit(const GifSettings& used, int64_t bytes, int64_t target);

}  // namespace clipnote::gif
