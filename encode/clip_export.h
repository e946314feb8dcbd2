#pragma once
// `clipnote export`: trims and converts a recording. MP4 output is re-encoded (H.264 + AAC, cut
// exactly at the requested times); GIF output goes through export_gif, animated WebP through
// export_webp.
#include <cstdint>
#include <string>

#include "encode/animation_options.h"

namespace clipnote {

struct ExportOptions {
    double start_s = 0;
    double end_s = 0;  // 0: to the end
    int fps = 0;       // 0: the input's rate (MP4) or 15 (GIF)
    int width = 0;     // 0: the input's width (MP4) or 480 (GIF)
    int gif_quality = 80;        // GIF and WebP, 1..100
    int64_t gif_max_bytes = 0;   // 0: no limit
    bool gif_dither = false;     // see GifOptions::dither
    int crf = 23;
    std::string preset = "veryfast";
};

struct ExportResult {
    std::string output;
    double duration_s = 0;
    int frames = 0;
    std::string gave_up;  // GIF fitted to a size: what it gave up
    bool fits = true;     // GIF: false when even the smallest settings exceed the size limit
};

// The GIF or WebP settings `options` ask for (fps 15 and width 480 where they leave them open).
AnimationOptions animation_options(const ExportOptions& options);

// The format follows the output's extension (.mp4/.m4v/.mov, .gif or .webp). Throws Error.
ExportResult export_clip(const std::string& input, const std::string& output, const ExportOptions& options);

}  // namespace clipnote
