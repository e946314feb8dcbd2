#include "app/gui/gif_fallback.h"

#include <algorithm>

#include "upload/progress_text.h"

namespace clipnote::gui {

GifFallback gif_fallback(const GifFallbackSizes& s) {
    using upload::format_size;
    const bool has_webp = s.webp > 0;
    const bool webp_fits = has_webp && s.webp <= s.limit_bytes;
    const bool mp4_fits = s.mp4 <= s.limit_bytes;
    GifFallback f;
    if (webp_fits || (has_webp && !mp4_fits && s.webp <= s.mp4)) f.suggested = ShareFormat::webp;
    const std::string mp4 = (s.mp4_estimated ? "about " : "") + format_size(std::uint64_t(std::max<std::int64_t>(s.mp4, 0)));
    f.text = "the GIF is " + format_size(std::uint64_t(s.gif)) + ", over " + s.limit +
             " even at the smallest settings, so it was not shared: ";
    if (has_webp)
        f.text += "an animated WebP is " + format_size(std::uint64_t(s.webp)) +
                  " (Discord, GitHub and browsers play it inline), the MP4 " + mp4;
    else
        f.text += "the MP4 is " + mp4 + (s.webp_error.empty() ? "" : " (no WebP: " + s.webp_error + ")");
    const bool chosen_fits = f.suggested == ShareFormat::webp ? webp_fits : mp4_fits;
    f.text += std::string("; Review has the ") + (f.suggested == ShareFormat::webp ? "WebP" : "MP4") + " chosen" +
              (chosen_fits ? "" : " (also over the limit)") + ": Share sends it";
    return f;
}

}  // namespace clipnote::gui
