// End to end: GIF recordings and `clipnote export` (trim, MP4 -> MP4, MP4 -> GIF).
#include <numeric>

#include "recording_fixture.h"

using namespace clipnote::test;

namespace {

double sum(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }

double mean_abs_diff(const RgbFrame& a, const RgbFrame& b) {
    REQUIRE(a.rgb.size() == b.rgb.size());
    double total = 0;
    for (size_t i = 0; i < a.rgb.size(); ++i) total += std::abs(int(a.rgb[i]) - int(b.rgb[i]));
    return total / double(a.rgb.size());
}

}  // namespace

TEST_CASE("records a GIF whose frame delays add up to the duration") {
    XvfbSession x(1280, 720);
    XAnimator content(x, "moving");
    TempDir dir;
    const std::string out = dir.file("reaction.gif");
    require_success(run_clipnote({"record", "--duration", "3", "-o", out}, x.env()));
    const MediaInfo info = probe_media(out);
    REQUIRE(info.video());
    CHECK(info.video()->codec == "gif");
    CHECK(info.video()->width == 480);  // the reaction default
    CHECK(info.video()->height == 270);
    const auto delays = gif_frame_delays_s(out);
    CHECK(sum(delays) == doctest::Approx(3.0).epsilon(0.02));
    CHECK(delays.size() >= 40);  // 15 fps of moving content: most frames differ
    const auto frames = decode_video(out);
    CHECK(frames.size() == delays.size());
    // Nothing but the GIF is left behind.
    CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), {}) == 1);
}

TEST_CASE("a still picture becomes a GIF with fewer, longer frames") {
    XvfbSession x(640, 480);
    XAnimator content(x, "still");
    TempDir dir;
    const std::string out = dir.file("still.gif");
    require_success(run_clipnote({"record", "--duration", "2", "--fps", "15", "-o", out}, x.env()));
    const auto delays = gif_frame_delays_s(out);
    CHECK(sum(delays) == doctest::Approx(2.0).epsilon(0.02));
    CHECK(delays.size() < 30 / 2);  // 30 input frames, merged
}

TEST_CASE("export trims an MP4 exactly and converts it to a GIF") {
    TempDir dir;
    const std::string source = dir.file("source.mp4");
    require_success(run_clipnote({"record", "--screen", "lavfi:testsrc2=size=640x360:rate=30", "--mic",
                              "lavfi:sine=frequency=440", "--duration", "4", "-o", source}));

    const std::string trimmed = dir.file("trimmed.mp4");
    require_success(run_clipnote({"export", source, "-o", trimmed, "--start", "1", "--end", "3"}));
    const MediaInfo t = probe_media(trimmed);
    REQUIRE(t.video());
    REQUIRE(t.audio());
    CHECK(t.duration_s == doctest::Approx(2.0).epsilon(0.025));
    CHECK(t.video()->packet_count == 60);
    CHECK(t.audio()->duration_s == doctest::Approx(2.0).epsilon(0.025));

    const std::string gif = dir.file("clip.gif");
    require_success(run_clipnote({"export", source, "-o", gif, "--start", "0.5", "--end", "2.5", "--fps", "10", "--width", "320"}));
    const MediaInfo g = probe_media(gif);
    REQUIRE(g.video());
    CHECK(g.video()->width == 320);
    CHECK(g.video()->height == 180);
    CHECK(sum(gif_frame_delays_s(gif)) == doctest::Approx(2.0).epsilon(0.02));
    CHECK(decode_video(gif).size() == 20);  // testsrc2 moves every frame: nothing to merge

    // The trimmed clip starts with the source's picture at 1.0 s (frame 30), not any other.
    const auto src = decode_video(source, 40);
    const auto first = decode_video(trimmed, 1);
    REQUIRE(src.size() == 40);
    REQUIRE_FALSE(first.empty());
    const double at_start = mean_abs_diff(first[0], src[30]);
    CHECK(at_start < 4.0);
    CHECK(at_start * 3 < mean_abs_diff(first[0], src[25]));
    CHECK(at_start * 3 < mean_abs_diff(first[0], src[35]));
}
