#pragma once
// Makes an animated WebP from a video file with libwebp's animation encoder (lossy, quality from
// the same 1..100 knob as the GIF). Discord, GitHub and every current browser show animated WebP
// inline, and it is usually a fraction of the GIF's size: the way out when a GIF cannot fit.
#include <cstdint>
#include <string>

#include "common/cancel.h"
#include "encode/animation_options.h"

namespace clipnote {

using WebpOptions = AnimationOptions;

struct WebpResult {
    int frames = 0;
    double duration_s = 0;
    int64_t bytes = 0;
};

// Throws Error on failure, Cancelled when `cancel` is raised; `output` appears only when complete.
WebpResult export_webp(const std::string& input, const std::string& output, const WebpOptions& options,
                       const CancelFlag* cancel = nullptr);

}  // namespace clipnote
