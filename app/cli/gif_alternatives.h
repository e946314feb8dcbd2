#pragma once
// What to send instead of a GIF that cannot fit its size limit.
#include <string>

#include "common/cancel.h"
#include "encode/animation_options.h"

namespace clipnote::cli {

// Lines naming an animated WebP of `recording` at the GIF's settings (made to measure it, then
// removed; skipped if it cannot be made or `cancel` is raised) and the MP4 itself, each with its
// size and how to get it.
std::string gif_alternatives(const std::string& recording, const std::string& gif, const AnimationOptions& options,
                             const CancelFlag* cancel = nullptr);

}  // namespace clipnote::cli
