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

TEST_CASE("record -o x.webp records an animated WebP: its frames, its timing, close to what was recorded, no source left") {
    TempDir dir;
    const std::string webp = dir.file("reaction.webp");
    const RunResult r = run_clipnote({"record", "--screen", kCameraLike, "--duration", "2", "-o", webp, "--width", "320"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find(webp) != std::string::npos);
    const WebpAnimation a = decode_webp_animation(webp);
    CHECK(a.width == 320);
    CHECK(a.height == 240);
    CHECK(a.frames.size() == doctest::Approx(30).epsilon(0.1));  // 15 fps, the GIF's default
    CHECK(a.duration_s == doctest::Approx(2.0).epsilon(0.1));
    // The picture is the camera-like source: its 140x160 test pattern over a brown wall, not black.
    double luma = 0;
    for (const auto& f : a.frames) luma += f.mean_luma() / double(a.frames.size());
    CHECK(luma > 60);
    CHECK_FALSE(fs::exists(dir.file("reaction.webp-source.mp4")));
    CHECK_FALSE(fs::exists(webp + ".part"));

    const RunResult limited = run_clipnote({"record", "--screen", kCameraLike, "--duration", "1", "--format", "webp", "-o",
                                            dir.file("x.webp"), "--max-size", "2MB"});
    CHECK(limited.exit_code != 0);
    CHECK(is_one_line(limited.err));
    CHECK(limited.err.find("--max-size is for GIF") != std::string::npos);
}
