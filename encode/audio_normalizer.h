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

private:
    void configure(const AVFrame& in);

    int out_rate_, out_channels_;
    SwrPtr swr_;
    int in_rate_ = 0, in_format_ = -1;
    AVChannelLayout in_layout_{};
    std::vector<std::vector<float>> buffers_;
    std::vector<float*> pointers_;
};

}  // namespace clipnote
