// A/V sync: a synthetic source flashes the picture white and beeps at the same instants (each
// whole second, like OBS's sync test). In the recording, every flash and its beep must be within
// one frame of each other.
#include <cmath>

#include "recording_fixture.h"

using namespace clipnote::test;

TEST_CASE("flash and beep stay within one frame of each other") {
    TempDir dir;
    const std::string out = dir.file("sync.mp4");
    const std::string flash =
        "lavfi:color=c=black:size=320x240:rate=30,drawbox=c=white:t=fill:enable='lt(mod(t,1),0.05)'";
    const std::string beep = "lavfi:aevalsrc=exprs='if(lt(mod(t,1),0.05),0.8*sin(2*PI*1000*t),0)':s=44100";
    require_success(run_clipnote({"record", "--screen", flash, "--mic", beep, "--duration", "4.5", "-o", out}));

    const auto flashes = video_flash_times_s(decode_video(out));
    const auto beeps = audio_onsets_s(decode_audio_mono(out));
    INFO("flashes: " << doctest::toString(flashes.size()) << " beeps: " << beeps.size());
    REQUIRE(flashes.size() >= 4);
    REQUIRE(beeps.size() == flashes.size());
    for (size_t i = 0; i < flashes.size(); ++i) {
        INFO("pair " << i << ": flash " << flashes[i] << " s, beep " << beeps[i] << " s");
        CHECK(std::abs(flashes[i] - beeps[i]) <= 1.0 / 30 + 1e-6);
        CHECK(std::abs(flashes[i] - std::round(flashes[i])) < 0.04);  // on the whole seconds, as generated
    }
}
