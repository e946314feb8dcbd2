#pragma once
// Maps every pixel of a frame to its nearest palette colour (squared RGB distance, the measure
// the bench's SSIM and the eye's "which is closer" roughly share), exactly and fast even on grainy
// frames, where nearly every pixel is a colour of its own: the colour cube is cut into cells, and
// a cell, the first time a pixel falls in it, keeps only the entries that can be nearest anywhere
// inside it (usually a handful of the 256).
#include <cstdint>
#include <vector>

#include "encode/gif/lzw_encoder.h"
#include "encode/gif/pattern_dither.h"

namespace clipnote::gif {

// Writes an index per pixel of `area` into `indices`: `transparent` (or -1: none) for alpha-0
// pixels, else the nearest of the other entries. Then moves each used entry to the mean of the
// pixels mapped to it (one refining step, as libimagequant's own remap takes), which can only
// lower the frame's error. `palette` must have an entry besides `transparent`.
void remap_to_palette(const DitherArea& area, std::vector<Rgb>& palette, int transparent, std::vector<uint8_t>& indices);

}  // namespace clipnote::gif
