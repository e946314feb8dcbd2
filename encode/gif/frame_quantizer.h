#pragma once
// One frame's palette and indices: libimagequant chooses the palette for the pixels being drawn
// (fully transparent input pixels, alpha 0, are left out of it and become one transparent entry);
// the pixels are then mapped to their nearest colour, or with dithering through a pattern that
// stays put from frame to frame (pattern_dither.h).
#include <cstdint>
#include <vector>

#include "encode/gif/lzw_encoder.h"
#include "encode/gif/pattern_dither.h"

namespace clipnote::gif {

struct QuantizerSettings {
    int quality = 90;       // libimagequant's target quality, 1..100
    float dithering = 0;    // 0..1, 0: none
    int speed = 5;          // libimagequant's speed, 1 (slow, best) .. 10
    int max_colours = 256;  // 2..256, the transparent entry included
    // Undithered: rounds of mapping each pixel to its nearest entry and moving each entry to the
    // mean of its pixels (k-means steps after libimagequant's palette); at least 1.
    int refine_steps = 2;
    // libimagequant builds the palette from every n-th pixel in each direction (rows staggered);
    // the remap and its k-means steps then see them all.
    int palette_sample = 1;
};

struct QuantizedFrame {
    std::vector<Rgb> palette;
    int transparent = -1;          // the palette entry for alpha-0 pixels, or -1 if none
    std::vector<uint8_t> indices;  // width * height
};

// `area`: the pixels and where they sit in the whole picture. Throws Error if libimagequant fails.
QuantizedFrame quantize_frame(const DitherArea& area, const QuantizerSettings& settings);

}  // namespace clipnote::gif
