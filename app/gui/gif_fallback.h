#pragma once
// What Review offers when a GIF cannot fit its size limit even at the smallest settings: the
// animated WebP and the MP4, each with its size, and which of the two it has chosen. A GIF over
// Slack's limit does not autoplay, and one over Discord's is refused, so sharing it as made is no
// answer; the user picks again with the sizes in front of them.
#include <cstdint>
#include <string>

#include "app/gui/share_choice.h"

namespace clipnote::gui {

struct GifFallbackSizes {
    std::int64_t gif = 0;    // the smallest GIF made
    std::string limit;       // as the user set it: "2MB"
    std::int64_t limit_bytes = 0;
    std::int64_t webp = -1;  // -1: the WebP could not be made
    std::string webp_error;  // then why
    std::int64_t mp4 = 0;
    bool mp4_estimated = false;  // a trimmed part: its share of the recording's bytes
};

struct GifFallback {
    std::string text;  // one line for the window's messages
    ShareFormat suggested = ShareFormat::mp4;
};

// The WebP when it fits the limit; else whichever of the two fits, or the smaller one.
GifFallback gif_fallback(const GifFallbackSizes& sizes);

}  // namespace clipnote::gui
