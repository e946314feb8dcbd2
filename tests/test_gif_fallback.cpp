// What Review offers in place of a GIF that cannot fit its size limit (app/gui/gif_fallback.h):
// the sizes said, and the WebP or the MP4 chosen by which fits.
#include <doctest/doctest.h>

#include "app/gui/gif_fallback.h"

using namespace clipnote::gui;

namespace {
bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
}  // namespace

TEST_CASE("a GIF over its limit: the WebP is chosen when it fits, and both sizes are said") {
    GifFallbackSizes s;
    s.gif = 3'100'000;
    s.limit = "2MB";
    s.limit_bytes = 2'000'000;
    s.webp = 1'140'000;
    s.mp4 = 640'000;
    const GifFallback f = gif_fallback(s);
    INFO(f.text);
    CHECK(f.suggested == ShareFormat::webp);  // it fits, and plays inline where the GIF would have
    CHECK(has(f.text, "the GIF is 3.1 MB, over 2MB even at the smallest settings, so it was not shared"));
    CHECK(has(f.text, "an animated WebP is 1.1 MB"));
    CHECK(has(f.text, "the MP4 640.0 kB"));
    CHECK(has(f.text, "Review has the WebP chosen: Share sends it"));
    CHECK(f.text.find('\n') == std::string::npos);
}

TEST_CASE("a GIF over its limit: the MP4 when only it fits, or when it is the smaller of two over the limit") {
    GifFallbackSizes s;
    s.gif = 12'000'000;
    s.limit = "10MB";
    s.limit_bytes = 10'000'000;
    s.webp = 11'000'000;
    s.mp4 = 4'000'000;
    CHECK(gif_fallback(s).suggested == ShareFormat::mp4);
    s.mp4 = 11'500'000;  // both over: the smaller, said to be over too
    GifFallback f = gif_fallback(s);
    CHECK(f.suggested == ShareFormat::webp);
    s.mp4 = 10'800'000;
    s.webp = 11'500'000;
    f = gif_fallback(s);
    CHECK(f.suggested == ShareFormat::mp4);
    CHECK(has(f.text, "Review has the MP4 chosen (also over the limit)"));
}

TEST_CASE("a GIF over its limit and no WebP could be made: the MP4, its size an estimate for a trimmed part") {
    GifFallbackSizes s;
    s.gif = 3'000'000;
    s.limit = "2MB";
    s.limit_bytes = 2'000'000;
    s.webp = -1;
    s.webp_error = "libwebp: out of memory";
    s.mp4 = 900'000;
    s.mp4_estimated = true;
    const GifFallback f = gif_fallback(s);
    INFO(f.text);
    CHECK(f.suggested == ShareFormat::mp4);
    CHECK_FALSE(has(f.text, "WebP is"));
    CHECK(has(f.text, "the MP4 is about 900.0 kB (no WebP: libwebp: out of memory); Review has the MP4 chosen: Share sends it"));
}
