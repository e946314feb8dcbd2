// The poster of a shared video (encode/poster.h): the first meaningful picture, not a black first
// frame, as a JPEG of the asked width with the video's aspect.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "encode/poster.h"
#include "encode/recorder.h"
#include "support/media_probe.h"
#include "support/temp_dir.h"
#include "synthetic_recording.h"

using namespace clipnote;
using namespace std::chrono_literals;

namespace {

// A synthetic recording of `screen` (a lavfi graph) until `frames` pictures are encoded.
std::string record(const test::TempDir& dir, const std::string& screen, uint64_t frames) {
    RecordOptions o = test::synthetic_recording(dir.file("clip.mp4"));
    o.screen = parse_source(screen, "x11grab");
    Recorder r;
    r.start(o);
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (r.snapshot().frames < frames) {
        REQUIRE(r.snapshot().state == RecorderState::recording);
        REQUIRE(std::chrono::steady_clock::now() < deadline);
        std::this_thread::sleep_for(10ms);  // frames have no event of their own
    }
    r.stop();
    const RecorderSnapshot s = r.wait();
    REQUIRE(s.state == RecorderState::done);
    return s.output;
}

}  // namespace

TEST_CASE("the poster: a video that fades in from black gets a picture from after the fade, not the black first frame") {
    test::TempDir dir;
    // Black for the first second, then the test pattern fades in over half a second.
    const std::string video = record(dir, "lavfi:testsrc2=size=640x360:rate=30,fade=in:st=1:d=0.5", 75);
    const std::string jpeg = dir.file("poster.jpg");
    const PosterInfo info = make_poster(video, jpeg, 320);
    MESSAGE("picture at " << info.picture_time_s << " s");
    CHECK(info.picture_time_s >= 1.4);  // the fade at (nearly) its fullest
    CHECK(info.picture_time_s < 2.6);
    CHECK(info.video_width == 640);
    CHECK(info.video_height == 360);
    CHECK(info.width == 320);
    CHECK(info.height == 180);
    const auto frames = test::decode_video(jpeg);
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].width == 320);
    CHECK(frames[0].mean_luma() > 60);  // not the black of the first second, nor the dim start of the fade
}

TEST_CASE("the poster: a video that is black throughout still gets one (its first picture)") {
    test::TempDir dir;
    const std::string video = record(dir, "lavfi:color=black:size=320x240:rate=30", 30);
    const PosterInfo info = make_poster(video, dir.file("poster.jpg"));
    CHECK(info.picture_time_s == doctest::Approx(0).epsilon(0.1));
    CHECK(info.width == 320);  // never scaled up
    CHECK(test::decode_video(dir.file("poster.jpg")).size() == 1);
}
