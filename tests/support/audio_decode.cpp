// decode_audio_mono: the first audio stream, channels averaged, at its own sample rate.
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "support/av_handles.h"
#include "support/media_probe.h"

extern "C" {
#include <libavutil/channel_layout.h>
}

namespace clipnote::test {

AudioTrack decode_audio_mono(const std::string& path) {
    av::FormatPtr fmt = av::open_input(path);
    int index = av::check(av_find_best_stream(fmt.get(), AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0),
                          "av_find_best_stream(audio)", path);
    av::CodecPtr dec = av::open_decoder(fmt.get(), index, path);
    const double tb = av_q2d(fmt->streams[index]->time_base);

    AudioTrack track;
    track.sample_rate = dec->sample_rate;
    bool first = true;
    av::SwrPtr swr;
    int channels = 0;
    std::vector<float> interleaved;
    av::PacketPtr pkt = av::make_packet();
    av::FramePtr frame = av::make_frame();

    // swresample only converts the sample format to interleaved float here; the downmix is a
    // plain average done below, because swr's own stereo->mono matrix sums at -3 dB per channel
    // and would make levels read 3 dB hot.
    auto append =
        [&](AVFrame* f) {  // non-const: FFmpeg 5.1's swr_alloc_set_opts2 takes mutable layouts
            if (!swr) {
                channels = f->ch_layout.nb_channels;
                SwrContext* raw = nullptr;
                av::check(swr_alloc_set_opts2(
                              &raw, &f->ch_layout, AV_SAMPLE_FMT_FLT, f->sample_rate, &f->ch_layout,
                              static_cast<AVSampleFormat>(f->format), f->sample_rate, 0, nullptr),
                          "swr_alloc_set_opts2", path);
                swr.reset(raw);
                av::check(swr_init(swr.get()), "swr_init", path);
            }
            interleaved.resize(static_cast<size_t>(f->nb_samples) * static_cast<size_t>(channels));
            auto* out = reinterpret_cast<uint8_t*>(interleaved.data());
            int n =
                av::check(swr_convert(swr.get(), &out, f->nb_samples,
                                      const_cast<const uint8_t**>(f->extended_data), f->nb_samples),
                          "swr_convert", path);
            for (int i = 0; i < n; ++i) {
                float sum = 0;
                for (int c = 0; c < channels; ++c)
                    sum += interleaved[static_cast<size_t>(i * channels + c)];
                track.mono.push_back(sum / static_cast<float>(channels));
            }
        };

    auto receive_all = [&] {
        for (;;) {
            int ret = avcodec_receive_frame(dec.get(), frame.get());
            if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF) return;
            av::check(ret, "avcodec_receive_frame", path);
            const bool has_ts = frame->best_effort_timestamp != AV_NOPTS_VALUE;
            const double t = has_ts ? static_cast<double>(frame->best_effort_timestamp) * tb : 0;
            if (first) {
                track.start_time_s = t;
                track.sample_rate = frame->sample_rate;
                first = false;
            } else if (has_ts) {
                // Samples are kept back to back, as a player plays them; how far the stream's own
                // timestamps stray from that is reported instead.
                double played_at =
                    track.start_time_s + static_cast<double>(track.mono.size()) / track.sample_rate;
                track.max_timestamp_drift_s =
                    std::max(track.max_timestamp_drift_s, std::fabs(t - played_at));
            }
            append(frame.get());
            av_frame_unref(frame.get());
        }
    };

    for (;;) {
        int ret = av_read_frame(fmt.get(), pkt.get());
        if (ret == AVERROR_EOF) break;
        av::check(ret, "av_read_frame", path);
        if (pkt->stream_index == index) {
            av::check(avcodec_send_packet(dec.get(), pkt.get()), "avcodec_send_packet", path);
            receive_all();
        }
        av_packet_unref(pkt.get());
    }
    av::check(avcodec_send_packet(dec.get(), nullptr), "avcodec_send_packet(flush)", path);
    receive_all();
    return track;
}

}  // namespace clipnote::test
