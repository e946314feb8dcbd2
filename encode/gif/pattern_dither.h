#pragma once
// Ordered dithering onto an arbitrary palette that stays put from frame to frame (Knoll's pattern
// dithering): for each pixel a short plan of palette colours whose mix averages to the pixel's
// colour is chosen, sorted by brightness, and an 8x8 Bayer threshold at the pixel's place in the
// whole picture picks one. The same colour at the same place always gives the same index, so a
// redrawn region does not shimmer the way error diffusion does (where any change upstream moves
// the whole pattern), and a colour the palette has exactly is never dithered.
#include <cstdint>
#include <vector>

#include "encode/gif/lzw_encoder.h"

namespace clipnote::gif {

struct DitherArea {
    const uint8_t* rgba = nullptr;  // width * height * 4, rows packed; alpha 0 = transparent
    int width = 0, height = 0;
    int origin_x = 0, origin_y = 0;  // where this area sits in the whole picture (the pattern's anchor)
};

// Writes an index per pixel into `indices` (width * height): `transparent` for alpha-0 pixels,
// else the dithered choice among the other entries. `strength` 0..1 scales the error each step of
// a plan carries (0: the nearest colour, no dithering).
void pattern_dither(const DitherArea& area, const std::vector<Rgb>& palette, int transparent, float strength,
                    std::vector<uint8_t>& indices);

}  // namespace clipnote::gif
