#pragma once
// Decodes an animated WebP with libwebp's own demuxer (FFmpeg 5.1 cannot read animated WebP):
// each frame as the canvas shows it, with its start time.
#include <string>
#include <vector>

#include "support/media_types.h"

namespace clipnote::test {

struct WebpAnimation {
    int width = 0, height = 0;
    std::vector<RgbFrame> frames;  // time_s = when the frame starts showing
    double duration_s = 0;         // when the last frame stops
};

// Throws std::runtime_error when the file is not an animated WebP libwebp can read.
WebpAnimation decode_webp_animation(const std::string& path);

}  // namespace clipnote::test
