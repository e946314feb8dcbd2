#include "encode/gif/gif_tuning.h"

#include <algorithm>
#include <cmath>

namespace clipnote::gif {

// Measured on the bench's clips (bench/gif_vs_peers.sh): against the source frames, SSIM rewards
// drawing a grainy picture's grain again in every frame, and penalises dithering (at every
// quality, in bytes too: dithering is the caller's choice, see GifOptions::dither); so the default
// (80) keeps grain (a busy grainy frame is redrawn exactly, on grain_colours) and is exact in
// LZW, and gains its bytes from leaving pixels that changed by less than a few levels alone. Lower settings add lossy LZW, then averaging of the noise over frames. Speed 7: a third
// less CPU than 6 for 1.5 % more bytes (docs/BENCHMARKS.md).
GifTuning tuning_for_quality(int quality) {
    const int q = std::clamp(quality, 1, 100);
    GifTuning t;
    t.tolerance.mean = int(std::lround(0.4 * (100 - q)));
    t.tolerance.peak = int(std::lround(1.5 * (100 - q)));
    // A quarter above the mean's: at 80, a thin line changed by over 10 levels is redrawn, so a
    // moving box's edge no longer leaves a fence of lines behind (docs/BENCHMARKS.md).
    t.tolerance.line = int(std::lround(0.5 * (100 - q)));
    t.tolerance.denoise = q < 70;
    t.quantizer.quality = std::min(100, q + 10);
    t.quantizer.speed = 7;
    // 128 at the default: 7-bit codes, a step down from 8 that costs grain little (movie: 0.89x
    // the bytes of 160 colours for -0.017 SSIM, docs/BENCHMARKS.md).
    t.grain_colours = std::clamp(int(std::lround(256 - 6.4 * (100 - q))), 64, 256);
    const double lossy = std::max(0, 80 - q);  // RGB distance
    t.lossy_error_sq = int(lossy * lossy);
    return t;
}

}  // namespace clipnote::gif
