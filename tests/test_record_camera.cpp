// End to end: the webcam alone, and the webcam as a round bubble over the screen. The camera is a
// synthetic lavfi source, named exactly as a user names any libavdevice input.
#include "recording_fixture.h"

using namespace clipnote::test;

namespace {

bool is_green(const std::array<uint8_t, 3>& p) { return p[1] > 180 && p[0] < 90 && p[2] < 90; }

}  // namespace

TEST_CASE("records the camera alone at the camera's size") {
    TempDir dir;
    const std::string out = dir.file("camera.mp4");
    require_success(run_clipnote({"record", "--camera-only", "--camera", "lavfi:testsrc2=size=640x480:rate=30", "--mic",
                              "lavfi:sine=frequency=660", "--duration", "2", "-o", out}));
    const MediaInfo info = probe_media(out);
    REQUIRE(info.video());
    CHECK(info.video()->width == 640);
    CHECK(info.video()->height == 480);
    CHECK(info.video()->packet_count == 60);
    const AudioTrack audio = decode_audio_mono(out);
    CHECK(dominant_frequency_hz(audio.mono, audio.sample_rate) == doctest::Approx(660).epsilon(0.02));
}

TEST_CASE("draws the camera as a round bubble in the chosen corner") {
    XvfbSession x(1280, 720);
    XAnimator content(x, "split");  // red | blue
    TempDir dir;
    const std::string out = dir.file("bubble.mp4");
    require_success(run_clipnote({"record", "--camera", "lavfi:color=c=0x00ff00:size=640x480:rate=30", "--bubble",
                              "br,25%", "--duration", "1.5", "-o", out},
                             x.env()));
    const auto frames = decode_video(out, 20, 10);
    REQUIRE(frames.size() >= 2);
    const RgbFrame& f = frames.back();
    REQUIRE(f.width == 1280);

    // Find the green disc.
    int min_x = f.width, max_x = -1, min_y = f.height, max_y = -1;
    for (int y = 0; y < f.height; ++y)
        for (int x0 = 0; x0 < f.width; ++x0)
            if (is_green(f.pixel(x0, y))) {
                min_x = std::min(min_x, x0), max_x = std::max(max_x, x0);
                min_y = std::min(min_y, y), max_y = std::max(max_y, y);
            }
    REQUIRE(max_x > 0);
    const int w = max_x - min_x + 1, h = max_y - min_y + 1;
    INFO("bubble bounds " << w << "x" << h << "+" << min_x << "+" << min_y);
    // 25% of the screen height, round (as wide as high), in the bottom-right corner.
    CHECK(w == doctest::Approx(0.25 * 720).epsilon(0.08));
    CHECK(h == doctest::Approx(w).epsilon(0.05));
    CHECK(min_x > 1280 / 2);
    CHECK(min_y > 720 / 2);
    CHECK(1280 - max_x < 60);
    CHECK(720 - max_y < 60);
    // Round: the centre is camera, the corners of its bounding box are still the screen (blue).
    CHECK(is_green(f.pixel((min_x + max_x) / 2, (min_y + max_y) / 2)));
    for (auto [cx, cy] : {std::pair{min_x + 3, min_y + 3}, std::pair{max_x - 3, max_y - 3}}) {
        const auto p = f.pixel(cx, cy);
        CHECK(p[2] > 180);
        CHECK(p[1] < 90);
    }
    // The rest of the screen is untouched.
    CHECK(f.pixel(100, 100)[0] > 200);
}
