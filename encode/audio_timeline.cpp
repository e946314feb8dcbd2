#include "encode/audio_timeline.h"

#include <algorithm>
#include <cmath>

namespace clipnote {

namespace {
// Drift control. The offset is smoothed over ~1 s (live timestamps jitter by milliseconds);
// correction = offset / kProportionalS + integral of offset / kIntegralS2: critically damped
// (kIntegralS2 = 4 kProportionalS^2), a constant drift d settles to 0 offset within ~10 s and
// peaks at about d * 2 s (2 ms for 0.1 %).
constexpr double kSmoothingS = 1.0;
constexpr double kProportionalS = 2.0;
constexpr double kIntegralS2 = 4 * kProportionalS * kProportionalS;
}  // namespace

AudioTimeline::AudioTimeline(int sample_rate, int channels, double capacity_seconds, double tolerance_seconds)
    : rate_(sample_rate),
      channels_(channels),
      capacity_(int64_t(capacity_seconds * sample_rate)),
      tolerance_(int64_t(tolerance_seconds * sample_rate)),
      ring_(size_t(channels), std::vector<float>(size_t(capacity_), 0.0f)) {}

int64_t AudioTimeline::expected_position(int64_t capture_us) const {
    return int64_t(std::llround(double(capture_us - origin_us_) * rate_ / 1e6));
}

float& AudioTimeline::at(int channel, int64_t position) {
    return ring_[size_t(channel)][size_t(position % capacity_)];
}

void AudioTimeline::write(const float* const* planes, int nb_samples, int64_t capture_us) {
    const int64_t expected = expected_position(capture_us);
    int64_t pos = written_end_;
    if (!started_ || std::llabs(expected - written_end_) > tolerance_) {
        if (started_) ++resyncs_;
        pos = expected;
        started_ = true;
        offset_s_ = smoothed_s_ = 0;  // the drift estimate (integral_) carries on
    } else {
        offset_s_ = double(expected - written_end_) / rate_;
        const double dt = double(nb_samples) / rate_;
        smoothed_s_ += (offset_s_ - smoothed_s_) * std::min(1.0, dt / kSmoothingS);
        integral_ = std::clamp(integral_ + smoothed_s_ * dt / kIntegralS2, -kMaxRateCorrection, kMaxRateCorrection);
        correction_ = std::clamp(smoothed_s_ / kProportionalS + integral_, -kMaxRateCorrection, kMaxRateCorrection);
    }
    // Silence for a gap between the last samples and these (the ring may hold stale data there).
    for (int64_t p = std::max(written_end_, read_pos_); p < pos; ++p)
        for (int c = 0; c < channels_; ++c) at(c, p) = 0.0f;
    int skip = 0;
    if (pos < read_pos_) skip = int(std::min<int64_t>(read_pos_ - pos, nb_samples));  // already played out
    // Samples too far ahead for the ring are dropped rather than overwrite unread audio.
    const int64_t limit = read_pos_ + capacity_;
    for (int i = skip; i < nb_samples && pos + i < limit; ++i)
        for (int c = 0; c < channels_; ++c) at(c, pos + i) = planes[c][i];
    written_end_ = std::max<int64_t>(read_pos_, std::min(pos + nb_samples, limit));
}

void AudioTimeline::mix_into(int64_t from, int n, float* const* out) {
    const int64_t begin = std::max(from, read_pos_);
    const int64_t end = std::min(from + n, written_end_);
    for (int64_t p = begin; p < end; ++p)
        for (int c = 0; c < channels_; ++c) out[c][p - from] += at(c, p);
    read_pos_ = std::max(read_pos_, from + n);
    written_end_ = std::max(written_end_, read_pos_);
}

}  // namespace clipnote
