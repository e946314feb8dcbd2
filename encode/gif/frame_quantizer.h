#pragma once
// One frame's palette and indices from libimagequant: the palette is chosen for the pixels being
// drawn (fully transparent input pixels, alpha 0, are left out of it and become one transparent
// entry), then the pixels are remapped with error-diffusion dithering.
#include <cstdint>
#include <vector>

#include "encode/gif/lzw_encoder.h"

namespace clipnote::gif {

struct QuantizerSettings {
    int quality = 90;       // libimagequant's target quality, 1..100
    float dithering = 1.0;  // 0..1
    int speed = 5;          // libimagequant's speed, 1 (slow, best) .. 10
    int max_colours = 256;  // 2..256, the transparent entry included
};

struct QuantizedFrame {
    std::vector<Rgb> palette;
    int transparent = -1;          // the palette entry for alpha-0 pixels, or -1 if none
    std::vector<uint8_t> indices;  // width * height
};

// `rgba` is width * height * 4 bytes, rows packed. Throws Error if libimagequant fails.
QuantizedFrame quantize_frame(const uint8_t* rgba, int width, int height, const QuantizerSettings& settings);

}  // namespace clipnote::gif
