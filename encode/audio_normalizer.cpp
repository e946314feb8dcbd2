#include "encode/audio_normalizer.h"

#include "common/av_error.h"

#include <algorithm>
#include <cmath>

extern "C" {
#include <libavutil/opt.h>
}

namespace clipnote {

AudioNormalizer::AudioNormalizer(int out_rate, int out_channels)
    : out_rate_(out_rate), out_channels_(out_channels), buffers_(size_t(out_channels)), pointers_(size_t(out_channels)) {}

void AudioNormalizer::configure(const AVFrame& in) {
    if (swr_ && in.sample_rate == in_rate_ && in.format == in_format_ && av_channel_layout_compare(&in.ch_layout, &in_layout_) == 0)
        return;
    AVChannelLayout out_layout;
    av_channel_layout_default(&out_layout, out_channels_);
    AVChannelLayout in_layout = in.ch_layout;
    if (in_layout.nb_channels == 0 || in_layout.order == AV_CHANNEL_ORDER_UNSPEC)
        av_channel_layout_default(&in_layout, std::max(1, in.ch_layout.nb_channels));
    SwrContext* raw = nullptr;
    check_av(swr_alloc_set_opts2(&raw, &out_layout, AV_SAMPLE_FMT_FLTP, out_rate_, &in_layout, AVSampleFormat(in.format),
                                 in.sample_rate, 0, nullptr),
             "setting up audio conversion");
    swr_.reset(raw);
    if (compensating_) check_av(av_opt_set_int(raw, "flags", SWR_FLAG_RESAMPLE, 0), "setting up audio conversion");
    check_av(swr_init(swr_.get()), "setting up audio conversion");
    in_rate_ = in.sample_rate;
    in_format_ = in.format;
    av_channel_layout_uninit(&in_layout_);
    av_channel_layout_copy(&in_layout_, &in.ch_layout);
}

void AudioNormalizer::set_rate_correction(double ratio) {
    compensating_ = true;
    correction_ = ratio;
}

int AudioNormalizer::convert(const AVFrame& in) {
    configure(in);
    if (compensating_) {
        // Spread over 10 s of output (2 ppm steps); renewed with every frame, so it never runs out.
        const int distance = out_rate_ * 10;
        check_av(swr_set_compensation(swr_.get(), int(std::lround(correction_ * distance)), distance),
                 "correcting the audio clock");
    }
    const int capacity = swr_get_out_samples(swr_.get(), in.nb_samples) + 32 + in.nb_samples / 20;
    for (int c = 0; c < out_channels_; ++c) {
        if (buffers_[size_t(c)].size() < size_t(capacity)) buffers_[size_t(c)].resize(size_t(capacity));
        pointers_[size_t(c)] = buffers_[size_t(c)].data();
    }
    const int n = swr_convert(swr_.get(), reinterpret_cast<uint8_t**>(pointers_.data()), capacity,
                              const_cast<const uint8_t**>(in.extended_data), in.nb_samples);
    return check_av(n, "converting audio");
}

}  // namespace clipnote
