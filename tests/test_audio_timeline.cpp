#include <doctest/doctest.h>

#include <cstddef>
#include <vector>

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
