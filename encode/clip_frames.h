#pragma once
// The pictures of a clip as an animated image needs them: decoded, trimmed, resampled to a
// constant frame rate, scaled down to a width (never up), as packed RGBA rows. Shared by the GIF
// and WebP exports.
#include <cstdint>
#include <functional>

#include "common/cancel.h"
#include "encode/media_reader.h"

namespace clipnote {

struct ClipFrameSettings {
    int fps = 15;
    int width = 0;  // 0: the input's
    double start_s = 0;
    double end_s = 0;  // 0: to the end
};

struct ClipFrame {
    const uint8_t* rgba = nullptr;  // width * height * 4 bytes
    int width = 0, height = 0;
    int64_t index = 0;  // 0, 1, 2 ... at `fps`
};

// Calls `on_frame` for each picture from the start of `reader` (rewound by the caller for a
// second pass); `cancel` is checked between decoded frames. Returns the number of frames.
int64_t for_each_clip_frame(MediaReader& reader, const ClipFrameSettings& settings,
                            const std::function<void(const ClipFrame&)>& on_frame, const CancelFlag* cancel = nullptr);

// The length of what `settings` takes of `reader`'s clip, in seconds.
double clip_span_s(const MediaReader& reader, const ClipFrameSettings& settings);

}  // namespace clipnote
