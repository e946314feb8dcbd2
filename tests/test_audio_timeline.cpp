#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/av_ptr.h"
#include "encode/audio_normalizer.h"
#include "encode/audio_timeline.h"

using clipnote::AudioTimeline;

namespace {

// Writes n samples of value v (both channels) captured at time t_us.
void write_block(AudioTimeline& tl, int n, float v, int64_t t_us) {
    std::vector<float> left(std::size_t(n), v), right(std::size_t(n), v);
    const float* planes[] = {left.data(), right.data()};
    tl.write(planes, n, t_us);
}

std::vector<float> read(AudioTimeline& tl, int64_t from, int n) {
    std::vector<float> left(std::size_t(n), 0.0f), right(std::size_t(n), 0.0f);
    float* planes[] = {left.data(), right.data()};
    tl.mix_into(from, n, planes);
    return left;
}

}  // namespace

TEST_CASE("contiguous audio stays contiguous despite timestamp jitter") {
    AudioTimeline tl(48000, 2);
    tl.set_origin(0);
    write_block(tl, 480, 1.0f, 0);
    write_block(tl, 480, 2.0f, 10'000 + 3'000);  // 3 ms late stamp: below tolerance
    CHECK(tl.written_end() == 960);
    const auto s = read(tl, 0, 960);
    CHECK(s[479] == 1.0f);
    CHECK(s[480] == 2.0f);
    CHECK(tl.resyncs() == 0);
}

TEST_CASE("fills a gap in the source with silence") {
    AudioTimeline tl(48000, 2);
    tl.set_origin(0);
    write_block(tl, 480, 1.0f, 0);
    write_block(tl, 480, 1.0f, 200'000);  // the source skipped 190 ms
    CHECK(tl.resyncs() == 1);
    const auto s = read(tl, 0, 48000 * 21 / 100);
    CHECK(s[100] == 1.0f);
    CHECK(s[48000 / 10] == 0.0f);  // at 100 ms: silence
    CHECK(s[9600 + 10] == 1.0f);   // at 200 ms: the source again
}

TEST_CASE("reading past what was written yields silence and mixing adds sources") {
    AudioTimeline a(48000, 2), b(48000, 2);
    a.set_origin(0);
    b.set_origin(0);
    write_block(a, 1024, 0.25f, 0);
    write_block(b, 512, 0.5f, 0);
    std::vector<float> left(2048, 0.0f), right(2048, 0.0f);
    float* planes[] = {left.data(), right.data()};
    a.mix_into(0, 2048, planes);
    b.mix_into(0, 2048, planes);
    CHECK(left[0] == doctest::Approx(0.75f));
    CHECK(left[600] == doctest::Approx(0.25f));
    CHECK(left[1500] == 0.0f);
}

TEST_CASE("samples for a range already played out are discarded") {
    AudioTimeline tl(48000, 2);
    tl.set_origin(0);
    read(tl, 0, 4800);                // 100 ms consumed as silence: the source was late
    write_block(tl, 9600, 1.0f, 0);   // its first 200 ms arrive now
    const auto s = read(tl, 4800, 4800);
    CHECK(s[0] == 1.0f);
    CHECK(tl.written_end() == 9600);
}

namespace {

struct DriftRun {
    uint64_t resyncs = 0;
    double final_offset_s = 0;
    double max_offset_s = 0;  // after the first 20 s
};

// A 44.1 kHz mono source whose clock runs at `speed` (1.001: 0.1 % fast) for `seconds`, stamped on
// the true (capture) clock with +-2 ms of jitter, converted by AudioNormalizer with the timeline's
// correction and read out 200 ms behind, as the recorder does. A gap of `gap_s` (nothing arrives,
// the device paused) may be put at `gap_at_s`.
DriftRun run_drifting_source(double speed, double seconds, double gap_at_s = -1, double gap_s = 0) {
    constexpr int kRate = 48000, kInRate = 44100, kBlock = 1024;
    clipnote::AudioNormalizer normalizer(kRate, 2);
    AudioTimeline tl(kRate, 2);
    tl.set_origin(0);
    clipnote::FramePtr frame(av_frame_alloc());
    std::vector<float> left(kRate), right(kRate);
    float* out[] = {left.data(), right.data()};
    DriftRun r;
    int64_t read_pos = 0;
    bool gapped = false;
    for (int64_t produced = 0; double(produced) / kInRate / speed < seconds; produced += kBlock) {
        double t_s = double(produced) / kInRate / speed;  // the block's true capture time
        if (gap_at_s >= 0 && t_s >= gap_at_s) {
            if (!gapped) produced += int64_t(gap_s * kInRate * speed);  // those samples never come
            gapped = true;
            t_s = double(produced) / kInRate / speed;
        }
        av_frame_unref(frame.get());
        frame->nb_samples = kBlock;
        frame->format = AV_SAMPLE_FMT_FLT;
        frame->sample_rate = kInRate;
        av_channel_layout_default(&frame->ch_layout, 1);
        REQUIRE(av_frame_get_buffer(frame.get(), 0) == 0);
        auto* samples = reinterpret_cast<float*>(frame->data[0]);
        for (int i = 0; i < kBlock; ++i) samples[i] = 0.1f * float(std::sin(2 * M_PI * 1000 * double(produced + i) / kInRate));
        const int64_t jitter_us = ((produced / kBlock) * 7919 % 41) * 100 - 2000;  // -2..+2 ms
        normalizer.set_rate_correction(tl.rate_correction());
        const int n = normalizer.convert(*frame);
        tl.write(normalizer.planes(), n, int64_t(t_s * 1e6) + jitter_us);
        if (t_s > 20) r.max_offset_s = std::max(r.max_offset_s, std::abs(tl.offset_seconds()));
        // Read out what lies 200 ms in the past.
        for (const int64_t until = int64_t((t_s - 0.2) * kRate); read_pos + 1024 <= until; read_pos += 1024)
            tl.mix_into(read_pos, 1024, out);
    }
    r.resyncs = tl.resyncs();
    r.final_offset_s = tl.offset_seconds();
    return r;
}

}  // namespace

TEST_CASE("a source 0.1 % fast or slow is corrected gradually: no re-anchoring, offset stays small") {
    for (const double speed : {1.001, 0.999}) {
        const DriftRun r = run_drifting_source(speed, 120);
        INFO("speed " << speed << ": offset at the end " << r.final_offset_s * 1000 << " ms, at most "
                      << r.max_offset_s * 1000 << " ms after 20 s");
        CHECK(r.resyncs == 0);
        CHECK(std::abs(r.final_offset_s) <= 0.010);
        CHECK(r.max_offset_s <= 0.010);
    }
}

TEST_CASE("a source 0.5 % off is still corrected without re-anchoring") {
    for (const double speed : {1.005, 0.995}) {
        const DriftRun r = run_drifting_source(speed, 60);
        INFO("speed " << speed << ": offset at the end " << r.final_offset_s * 1000 << " ms");
        CHECK(r.resyncs == 0);
        CHECK(std::abs(r.final_offset_s) <= 0.010);
    }
}

TEST_CASE("a real gap in a drifting source still re-anchors at once") {
    const DriftRun r = run_drifting_source(1.001, 40, 30, 0.5);  // the device paused for 500 ms
    INFO("offset at the end " << r.final_offset_s * 1000 << " ms");
    CHECK(r.resyncs == 1);
    CHECK(std::abs(r.final_offset_s) <= 0.010);
}
