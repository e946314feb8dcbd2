#include "encode/video_encoder.h"

#include <algorithm>
#include <thread>

#include "common/av_error.h"

extern "C" {
#include <libavutil/opt.h>
}

namespace clipnote {

namespace {

void receive_all(AVCodecContext* ctx, AVPacket* packet, const PacketSink& sink, const char* what) {
    for (;;) {
        const int ret = avcodec_receive_packet(ctx, packet);
        if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF) return;
        check_av(ret, what);
        sink(*packet);
        av_packet_unref(packet);
    }
}

}  // namespace

VideoEncoder::VideoEncoder(const VideoEncoderSettings& s) {
    const AVCodec* codec = avcodec_find_encoder_by_name("libx264");
    if (!codec) throw Error("this FFmpeg has no libx264 encoder");
    ctx_.reset(avcodec_alloc_context3(codec));
    ctx_->width = s.width;
    ctx_->height = s.height;
    ctx_->pix_fmt = AV_PIX_FMT_YUV420P;
    ctx_->time_base = {1, s.fps};
    ctx_->framerate = {s.fps, 1};
    ctx_->gop_size = s.fps * s.gop_seconds;
    // The muxer writes 'colr' only when primaries, transfer and matrix are all set.
    ctx_->color_primaries = s.colour.primaries;
    ctx_->color_trc = s.colour.transfer;
    ctx_->colorspace = s.colour.matrix;
    ctx_->color_range = s.colour.range;
    if (s.global_header) ctx_->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    // One encoding thread per core: x264's default of 1.5 per core costs ~5 % more CPU and a
    // frame buffer per thread, for no gain on a machine that is also capturing.
    ctx_->thread_count = int(std::max(1u, std::min(8u, std::thread::hardware_concurrency())));
    av_opt_set(ctx_->priv_data, "preset", s.preset.c_str(), 0);
    av_opt_set_double(ctx_->priv_data, "crf", s.crf, 0);
    if (!s.x264_params.empty()) av_opt_set(ctx_->priv_data, "x264-params", s.x264_params.c_str(), 0);
    check_av(avcodec_open2(ctx_.get(), codec, nullptr), "opening the H.264 encoder (preset " + s.preset + ")");
}

void VideoEncoder::send(const AVFrame* frame, const PacketSink& sink) {
    const int ret = avcodec_send_frame(ctx_.get(), frame);
    if (ret != AVERROR_EOF) check_av(ret, "encoding video");
    drain(sink);
}

void VideoEncoder::drain(const PacketSink& sink) { receive_all(ctx_.get(), packet_.get(), sink, "encoding video"); }

AudioEncoder::AudioEncoder(const AudioEncoderSettings& s, bool global_header) {
    const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_AAC);
    if (!codec) throw Error("this FFmpeg has no AAC encoder");
    ctx_.reset(avcodec_alloc_context3(codec));
    ctx_->sample_rate = s.sample_rate;
    ctx_->sample_fmt = AV_SAMPLE_FMT_FLTP;
    av_channel_layout_default(&ctx_->ch_layout, s.channels);
    ctx_->bit_rate = s.bitrate;
    ctx_->time_base = {1, s.sample_rate};
    if (global_header) ctx_->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    check_av(avcodec_open2(ctx_.get(), codec, nullptr), "opening the AAC encoder");
}

void AudioEncoder::send(const AVFrame* frame, const PacketSink& sink) {
    const int ret = avcodec_send_frame(ctx_.get(), frame);
    if (ret != AVERROR_EOF) check_av(ret, "encoding audio");
    receive_all(ctx_.get(), packet_.get(), sink, "encoding audio");
}

}  // namespace clipnote
