// A/V sync: a synthetic source flashes the picture white and beeps at the same instants (each
// whole second, like OBS's sync test). In the recording, every flash and its beep must be within
// one frame of each other.
#include <cmath>
#include <string>
#include <vector>

#include "support/signal_analysis.h"

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

namespace {

struct SineCheck {
    std::vector<double> discontinuities_s;  // phase jumps or silent stretches, track time
    double offset_s = 0;                     // content the track holds minus the time it spans
};

// A steady sine must stay one: no phase jumps (cut audio) and no silent stretches (padding)
// between its first and last 0.3 s. offset_s compares the cycles in the track with the span they
// occupy, at the frequency the source has on the capture clock (expected_hz): how far the audio
// ended up from where its capture timestamps put it.
SineCheck check_sine(const AudioTrack& track, double expected_hz) {
    SineCheck r;
    const auto& x = track.mono;
    const int rate = track.sample_rate;
    const size_t begin = size_t(0.3 * rate), end = x.size() - size_t(0.3 * rate);
    double num = 0, den = 0, energy = 0;
    for (size_t n = begin + 2; n < end; ++n) {
        num += x[n - 1] * (x[n] + x[n - 2]);
        den += 2.0 * x[n - 1] * x[n - 1];
        energy += x[n] * x[n];
    }
    const double c = num / den;                                    // cos(w): x[n] = 2c x[n-1] - x[n-2]
    const double amplitude = std::sqrt(2 * energy / double(end - begin));
    double last = -1;
    auto flag = [&](size_t n) {
        const double t = track.start_time_s + double(n) / rate;
        if (last < 0 || t - last > 0.02) r.discontinuities_s.push_back(t);
        last = t;
    };
    for (size_t n = begin + 2; n < end; ++n)
        if (std::abs(x[n] + x[n - 2] - 2 * c * x[n - 1]) > 0.2 * amplitude) flag(n);
    const size_t window = size_t(rate / 100);
    for (size_t n = begin; n + window <= end; n += window / 2)
        if (rms_dbfs(x, n, n + window) < -40) flag(n);
    // Rising zero crossings, interpolated.
    double first = -1, latest = -1;
    long cycles = -1;
    for (size_t n = begin + 1; n < end; ++n) {
        if (x[n - 1] < 0 && x[n] >= 0) {
            const double at = double(n - 1) + x[n - 1] / (x[n - 1] - x[n]);
            if (first < 0) first = at;
            latest = at;
            ++cycles;
        }
    }
    r.offset_s = double(cycles) / expected_hz - (latest - first) / rate;
    return r;
}

void record_drifting_sine(double pts_scale) {
    TempDir dir;
    const std::string out = dir.file("drift.mp4");
    const double seconds = 22;  // the source gains or loses 0.5 %: 50 ms after 10 s and again at 20 s
    const std::string mic = "lavfi:sine=frequency=1000,asetpts=PTS*" + std::to_string(pts_scale);
    require_success(run_clipnote({"record", "--screen", "lavfi:color=c=gray:size=160x120:rate=30", "--mic", mic,
                                  "--duration", std::to_string(seconds), "-o", out}));
    const MediaInfo info = probe_media(out);
    REQUIRE(info.video() != nullptr);
    REQUIRE(info.audio() != nullptr);
    const AudioTrack track = decode_audio_mono(out);
    const SineCheck sine = check_sine(track, 1000.0 / pts_scale);
    std::string where;
    for (double t : sine.discontinuities_s) where += std::to_string(t) + " ";
    INFO("PTS*" << pts_scale << ": " << sine.discontinuities_s.size() << " discontinuities, at (s): " << where);
    CHECK(sine.discontinuities_s.empty());
    INFO("offset at the end: " << sine.offset_s * 1000 << " ms");
    CHECK(std::abs(sine.offset_s) <= 0.010);
    // The audio track lasts as long as the video, up to the padding of the last AAC frame (the
    // track holds whole 1024-sample frames and the file has no edit list trimming them; that
    // padding does not depend on drift). Where the sound sits in it is checked by offset_s above.
    INFO("audio " << info.audio()->duration_s << " s (decoded " << track.duration_s() << " s), video "
                  << info.video()->duration_s << " s");
    CHECK(std::abs(info.audio()->duration_s - info.video()->duration_s) <= 1024.0 / 48000 + 0.001);
}

}  // namespace

TEST_CASE("a mic whose clock runs 0.5 % fast is corrected without audio discontinuities") {
    record_drifting_sine(0.995);
}

TEST_CASE("a mic whose clock runs 0.5 % slow is corrected without audio discontinuities") {
    record_drifting_sine(1.005);
}
