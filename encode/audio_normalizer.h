#pragma once
// Brings any captured audio (s16 mono from a mic, f32 from lavfi, 44.1 kHz ...) to the one format
// the timeline mixes in: planar float at the output rate and channel count.
#include <vector>

#include "common/av_ptr.h"

namespace clipnote {

class AudioNormalizer {
public:
    AudioNormalizer(int out_rate, int out_channels);

    // Converts `in`; the result is valid until the next call. Returns the number of samples.
    int convert(const AVFrame& in);
    const float* const* planes() const { return pointers_.data(); }

    // Makes `ratio` more output samples from here on (+0.001: 0.1 % more, -0.001: fewer), by
    // resampling (swr_set_compensation): how a source's clock drift is taken out gradually.
    void set_rate_correction(double ratio);

private:
    void configure(const AVFrame& in);

    int out_rate_, out_channels_;
    SwrPtr swr_;
    int in_rate_ = 0, in_format_ = -1;
    bool compensating_ = false;  // always resample, so compensation never re-initialises swr
    double correction_ = 0;
    AVChannelLayout in_layout_{};
    std::vector<std::vector<float>> buffers_;
    std::vector<float*> pointers_;
};

}  // namespace clipnote
