#pragma once
// Makes a GIF from a video file: scale, constant fps, a palette built from the clip itself
// (palettegen over the whole clip, then paletteuse with error diffusion), identical consecutive
// frames merged into one longer frame. Two passes over the input: a clip is short.
#include <string>

#include "common/cancel.h"

namespace clipnote {

struct GifOptions {
    int fps = 15;
    int width = 480;  // output width; height keeps the aspect ratio. 0 keeps the input width
    double start_s = 0;
    double end_s = 0;  // 0: to the end
};

struct GifResult {
    int frames_in = 0;   // frames after fps conversion
    int frames_out = 0;  // frames written (identical ones merged)
    double duration_s = 0;
};

// Throws Error on failure, Cancelled when `cancel` is raised; `output` is written via a temporary
// file and a rename, so it never exists half-written.
GifResult export_gif(const std::string& input, const std::string& output, const GifOptions& options,
                     const CancelFlag* cancel = nullptr);

}  // namespace clipnote
