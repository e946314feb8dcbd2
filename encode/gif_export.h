#pragma once
// Makes a GIF from a video file with clipnote's own encoder (encode/gif/): trim, constant fps,
// downscale, then per frame only what changed, on a palette of its own. With a size limit it
// measures the first encode and, if that is too big, makes one more with what it predicts will
// fit (fewer frames per second, then a smaller picture, then lower quality), and says what it
// gave up.
#include <cstdint>
#include <functional>
#include <string>

#include "common/cancel.h"
#include "encode/animation_options.h"

namespace clipnote {

struct GifOptions : AnimationOptions {
    int64_t max_bytes = 0;  // 0: no limit
    // Ordered dithering that stays put from frame to frame (encode/gif/pattern_dither.h): smoother
    // gradients for more bytes and a lower SSIM against the source (docs/BENCHMARKS.md).
    bool dither = false;
    // Hears the share of the work done, 0..1, from the encoding thread.
    std::function<void(double)> on_progress;
};

struct GifResult {
    int frames_in = 0;   // frames after fps conversion
    int frames_out = 0;  // frames written (unchanged ones merged)
    double duration_s = 0;
    int64_t bytes = 0;
    int encodes = 0;     // 1, or more when a size limit made it encode again
    int fps = 0, width = 0, quality = 0;  // what the file was made with
    std::string gave_up;  // e.g. "15 -> 10 fps, 480 -> 400 px" when fitting a limit; empty if nothing
    bool fits = true;     // false: even the smallest settings exceed max_bytes (the file is still written)
};

// Throws Error on failure, Cancelled when `cancel` is raised; `output` is written via a temporary
// file and a rename, so it never exists half-written.
GifResult export_gif(const std::string& input, const std::string& output, const GifOptions& options,
                     const CancelFlag* cancel = nullptr);

}  // namespace clipnote
