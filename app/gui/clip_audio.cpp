#include "app/gui/clip_audio.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libswresample/swresample.h>
}

#include <algorithm>
#include <vector>

#include "encode/media_reader.h"

namespace clipnote::gui {

namespace {
constexpr int kRate = 48000, kChannels = 2, kBytesPerSecond = kRate * kChannels * 2;
}

ClipAudio::ClipAudio(const std::string& path) {
    try {
        format_ = open_media(path, "cannot read " + path);
        stream_ = av_find_best_stream(format_.get(), AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
        if (stream_ < 0) return;  // a GIF, or a recording without sound
        decoder_ = open_decoder(format_->streams[stream_], "cannot read " + path);
    } catch (const std::exception&) {
        return;  // the picture shows what is wrong; the player just stays silent
    }
    AVFormatContext* raw = format_.get();
    AVChannelLayout stereo = AV_CHANNEL_LAYOUT_STEREO;
    SwrContext* swr = nullptr;
    if (swr_alloc_set_opts2(&swr, &stereo, AV_SAMPLE_FMT_S16, kRate, &decoder_->ch_layout, decoder_->sample_fmt,
                            decoder_->sample_rate, 0, nullptr) < 0 ||
        swr_init(swr) < 0) {
        swr_free(&swr);
        return;
    }
    resampler_.reset(swr);
    start_s_ = raw->start_time != AV_NOPTS_VALUE ? double(raw->start_time) / AV_TIME_BASE : 0.0;

    if (!SDL_WasInit(SDL_INIT_AUDIO) && SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) return;
    SDL_AudioSpec want{}, have{};
    want.freq = kRate;
    want.format = AUDIO_S16SYS;
    want.channels = kChannels;
    want.samples = 1024;
    device_ = SDL_OpenAudioDevice(nullptr, 0, &want, &have, 0);
}

ClipAudio::~ClipAudio() {
    if (device_) SDL_CloseAudioDevice(device_);
}

void ClipAudio::play(double from, double until) {
    if (!device_) return;
    SDL_PauseAudioDevice(device_, 1);
    SDL_ClearQueuedAudio(device_);
    const AVStream* st = format_->streams[stream_];
    av_seek_frame(format_.get(), stream_, int64_t((from + start_s_) / av_q2d(st->time_base)), AVSEEK_FLAG_BACKWARD);
    avcodec_flush_buffers(decoder_.get());
    swr_init(resampler_.get());  // drop what it buffered from before the seek
    from_ = from;
    until_ = until;
    ended_ = false;
    pump();
    SDL_PauseAudioDevice(device_, 0);
}

void ClipAudio::stop() {
    if (!device_) return;
    SDL_PauseAudioDevice(device_, 1);
    SDL_ClearQueuedAudio(device_);
    ended_ = true;
}

void ClipAudio::pump() {
    if (!device_ || ended_) return;
    PacketPtr packet(av_packet_alloc());
    FramePtr frame = make_frame();
    std::vector<std::uint8_t> pcm;
    const double tb = av_q2d(format_->streams[stream_]->time_base);
    while (!ended_ && SDL_GetQueuedAudioSize(device_) < kBytesPerSecond / 2) {
        const bool at_end = av_read_frame(format_.get(), packet.get()) < 0;
        // At the end, a null packet drains the decoder's last frames.
        if (at_end || packet->stream_index == stream_) avcodec_send_packet(decoder_.get(), at_end ? nullptr : packet.get());
        if (at_end) ended_ = true;
        if (at_end || packet->stream_index == stream_) {
            while (avcodec_receive_frame(decoder_.get(), frame.get()) == 0) {
                const double t = frame->pts != AV_NOPTS_VALUE ? frame->pts * tb - start_s_ : from_;
                const double length = double(frame->nb_samples) / frame->sample_rate;
                if (t >= until_) {
                    ended_ = true;
                    break;
                }
                if (t + length <= from_) continue;  // before the play position (after a seek)
                const int out_max = swr_get_out_samples(resampler_.get(), frame->nb_samples);
                pcm.resize(size_t(std::max(0, out_max)) * kChannels * 2);
                uint8_t* out[1] = {pcm.data()};
                const int got = swr_convert(resampler_.get(), out, out_max, const_cast<const uint8_t**>(frame->extended_data),
                                            frame->nb_samples);
                if (got <= 0) continue;
                // Cut the part of the first frame that lies before the play position.
                const int skip = t < from_ ? std::min(got, int((from_ - t) * kRate)) : 0;
                SDL_QueueAudio(device_, pcm.data() + size_t(skip) * kChannels * 2, Uint32(got - skip) * kChannels * 2);
            }
        }
        av_packet_unref(packet.get());
    }
}

}  // namespace clipnote::gui
