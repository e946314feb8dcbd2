#include <doctest/doctest.h>

#include <cstring>

#include "encode/encoder_ladder.h"
#include "encode/video_encoder.h"

using namespace clipnote;

TEST_CASE("every rung of the ladder writes the same SPS/PPS, so encoders can be swapped mid-track") {
    const auto presets = presets_from("slower");
    REQUIRE(presets.size() == 8);
    CHECK(presets.back() == "ultrafast");
    VideoEncoderSettings s;
    s.width = 1280;
    s.height = 720;
    s.fps = 30;
    s.preset = presets.front();
    s.x264_params = pinned_x264_params(s.preset, 2);
    const VideoEncoder first(s);
    for (const auto& preset : presets) {
        s.preset = preset;
        s.x264_params = pinned_x264_params(preset, 2);
        const VideoEncoder other(s);
        INFO(preset);
        REQUIRE(other.context().extradata_size == first.context().extradata_size);
        CHECK(std::memcmp(other.context().extradata, first.context().extradata, size_t(first.context().extradata_size)) ==
              0);
    }
}

TEST_CASE("falling behind is two waiting pictures for 200 ms, a very slow picture skips rungs") {
    BacklogMonitor m(30);
    CHECK(m.rungs_to_step(3, 10'000, 0) == 0);
    CHECK(m.rungs_to_step(3, 10'000, 100'000) == 0);
    CHECK(m.rungs_to_step(3, 40'000, 250'000) == 1);
    // Right after a step the new encoder gets time to catch up.
    CHECK(m.rungs_to_step(4, 40'000, 400'000) == 0);
    CHECK(m.rungs_to_step(4, 40'000, 700'000) == 1);
    // Keeping up resets the clock.
    CHECK(m.rungs_to_step(0, 5'000, 1'100'000) == 0);
    CHECK(m.rungs_to_step(2, 5'000, 1'200'000) == 0);
    // A picture that took 8 periods: three rungs at once.
    CHECK(m.rungs_to_step(4, 8 * 33'333, 1'500'000) == 3);
}

TEST_CASE("falling behind is also every picture taking longer than a period, when nothing can pile up") {
    // A source that blocks while the pipeline is busy: nothing waits, the pictures come late.
    BacklogMonitor m(30);
    CHECK(m.rungs_to_step(0, 50'000, 0) == 0);
    CHECK(m.rungs_to_step(0, 50'000, 100'000) == 0);
    CHECK(m.rungs_to_step(0, 50'000, 250'000) == 1);
    // One slow picture (a keyframe) followed by a quick one is keeping up: the clock restarts.
    CHECK(m.rungs_to_step(0, 50'000, 1'000'000) == 0);
    CHECK(m.rungs_to_step(0, 5'000, 1'050'000) == 0);
    CHECK(m.rungs_to_step(0, 50'000, 1'300'000) == 0);
    CHECK(m.rungs_to_step(0, 50'000, 1'400'000) == 0);
    CHECK(m.rungs_to_step(0, 50'000, 1'550'000) == 1);
}

TEST_CASE("presets_from knows x264's order and leaves other names alone") {
    CHECK(presets_from("superfast") == std::vector<std::string>{"superfast", "ultrafast"});
    CHECK(presets_from("custom") == std::vector<std::string>{"custom"});
    CHECK(pinned_x264_params("medium", 4).find("rc-lookahead=10") != std::string::npos);
    CHECK(pinned_x264_params("superfast", 4).find("rc-lookahead=0") != std::string::npos);
}
