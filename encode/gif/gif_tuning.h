#pragma once
// What one --quality number (1..100) means for each stage of the GIF encoder. Lower quality
// tolerates more difference before a pixel is redrawn (stiller, smaller), asks libimagequant for
// less and lets the LZW coder substitute nearer colours. It never dithers (the caller may).
#include "encode/gif/change_detector.h"
#include "encode/gif/frame_quantizer.h"

namespace clipnote::gif {

struct GifTuning {
    ChangeTolerance tolerance;
    QuantizerSettings quantizer;
    int lossy_error_sq = 0;  // LZW substitution: largest squared RGB distance, 0 = exact
    // Palette size for grainy frames drawn exactly (see change_detector.h): grain redrawn in full
    // costs bytes, and it hides the banding of a smaller palette.
    int grain_colours = 256;
    // libimagequant's speed for them: from 8 it drops the colours' lowest bits, which are grain
    // there anyway (movie: 0.6x the CPU for -0.0025 SSIM).
    int grain_speed = 8;
    // Their palette from every other pixel of every other row: it is a statistic of the noise
    // there (movie: the same bytes and SSIM for 3/4 of the time, docs/BENCHMARKS.md).
    int grain_palette_sample = 2;
};

GifTuning tuning_for_quality(int quality);

}  // namespace clipnote::gif
