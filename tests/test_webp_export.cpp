// Animated WebP (`clipnote export ... -o x.webp`) and what `--max-size` offers when a GIF cannot
// fit: decoded back with libwebp's own demuxer and compared with the source frames.
#include <filesystem>

#include "animation_sources.h"
#include "support/webp_decode.h"

using namespace clipnote::test;
namespace fs = std::filesystem;

TEST_CASE("export to .webp makes an animated WebP: every frame, the right timing, close to the source, smaller than the GIF") {
    TempDir dir;
    const std::string source = record_source(dir, "camera", kCameraLike, 15, 3);
    const std::string webp = dir.file("reaction.webp");
    require_success(run_clipnote({"export", source, "-o", webp}));
    const WebpAnimation a = decode_webp_animation(webp);
    CHECK(a.width == 480);
    CHECK(a.height == 360);
    CHECK(a.frames.size() == 45);
    CHECK(a.duration_s == doctest::Approx(3.0).epsilon(0.01));
    const auto src = decode_video(source);
    REQUIRE(src.size() == 45);
    double lowest = 1;
    for (size_t i = 0; i < a.frames.size(); ++i) {
        CHECK(a.frames[i].time_s == doctest::Approx(i / 15.0).epsilon(0.01));
        lowest = std::min(lowest, luma_ssim(a.frames[i], src[i]));
    }
    INFO("lowest SSIM " << lowest);
    CHECK(lowest > 0.85);

    const std::string gif = dir.file("reaction.gif");
    require_success(run_clipnote({"export", source, "-o", gif}));
    CHECK(fs::file_size(webp) < fs::file_size(gif));
    CHECK_FALSE(fs::exists(webp + ".part"));
}

TEST_CASE("a GIF that cannot fit --max-size says so and offers the WebP and the MP4 with their sizes") {
    TempDir dir;
    const std::string source = record_source(dir, "camera", kCameraLike, 15, 2);
    const std::string gif = dir.file("big.gif");
    const RunResult r = run_clipnote({"export", source, "-o", gif, "--max-size", "20KB"});
    INFO(r.err);
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("still larger than 20KB") != std::string::npos);
    CHECK(r.err.find("animated WebP would be") != std::string::npos);
    CHECK(r.err.find("the MP4 is") != std::string::npos);
    CHECK(fs::exists(gif));  // the smallest GIF is still there for whoever wants it
    // The WebP was only measured, not left behind.
    for (const auto& e : fs::directory_iterator(dir.path())) CHECK(e.path().extension() != ".webp");
}
