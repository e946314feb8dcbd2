#pragma once
// Choosing the settings of a second encode that fits a size limit, from the bytes the first one
// took. What is given up, in order: frames per second (down to 10), then width (a GIF's bytes grow
// a little slower than its pixel count), then quality once the picture would get too small.
#include <cstdint>

namespace clipnote::gif {

struct GifSettings {
    int fps = 15;
    int width = 480;
    int quality = 80;
};

// `used` made `bytes`: the settings predicted to make `target` bytes (a margin under the limit is
// the caller's), or the floor settings when even those are predicted too big.
GifSettings plan_to_fit(const GifSettings& used, int64_t bytes, int64_t target);

}  // namespace clipnote::gif
