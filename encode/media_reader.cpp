#include "encode/media_reader.h"

#include "common/av_error.h"

namespace clipnote {

InputFormatPtr open_media(const std::string& path, const std::string& what) {
    AVFormatContext* raw = nullptr;
    check_av(avformat_open_input(&raw, path.c_str(), nullptr, nullptr), what);
    InputFormatPtr format(raw);
    check_av(avformat_find_stream_info(raw, nullptr), what);
    return format;
}

CodecContextPtr open_decoder(const AVStream* stream, const std::string& what) {
    const AVCodec* codec = avcodec_find_decoder(stream->codecpar->codec_id);
    if (!codec) throw Error(what + ": no decoder for " + avcodec_get_name(stream->codecpar->codec_id));
    CodecContextPtr ctx(avcodec_alloc_context3(codec));
    check_av(avcodec_parameters_to_context(ctx.get(), stream->codecpar), what);
    ctx->pkt_timebase = stream->time_base;
    check_av(avcodec_open2(ctx.get(), codec, nullptr), what);
    return ctx;
}

MediaReader::MediaReader(const std::string& path, bool with_audio) : path_(path) {
    const std::string what = "cannot read " + path;
    format_ = open_media(path, what);
    AVFormatContext* raw = format_.get();
    video_stream_ = av_find_best_stream(raw, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (video_stream_ < 0) throw Error(what + ": it has no video stream");
    video_ = open_decoder(raw->streams[video_stream_], what);
    if (with_audio) {
        audio_stream_ = av_find_best_stream(raw, AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
        if (audio_stream_ >= 0) audio_ = open_decoder(raw->streams[audio_stream_], what);
    }
}

AVRational MediaReader::video_time_base() const { return format_->streams[video_stream_]->time_base; }
AVRational MediaReader::audio_time_base() const {
    return audio_stream_ >= 0 ? format_->streams[audio_stream_]->time_base : AVRational{1, 1};
}
double MediaReader::duration_s() const {
    return format_->duration > 0 ? double(format_->duration) / AV_TIME_BASE : 0.0;
}

void MediaReader::rewind() {
    check_av(av_seek_frame(format_.get(), -1, 0, AVSEEK_FLAG_BACKWARD), "cannot rewind " + path_);
    avcodec_flush_buffers(video_.get());
    if (audio_) avcodec_flush_buffers(audio_.get());
}

void MediaReader::decode(const std::function<bool(AVFrame&)>& on_video, const std::function<bool(AVFrame&)>& on_audio) {
    PacketPtr packet = make_packet();
    FramePtr frame = make_frame();
    const std::string what = "decoding " + path_;
    bool keep_going = true;

    auto drain = [&](AVCodecContext* ctx, const std::function<bool(AVFrame&)>& sink) {
        for (;;) {
            const int ret = avcodec_receive_frame(ctx, frame.get());
            if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF) return;
            check_av(ret, what);
            frame->pts = frame->best_effort_timestamp;
            if (keep_going && sink && !sink(*frame)) keep_going = false;
            av_frame_unref(frame.get());
        }
    };

    while (keep_going) {
        const int ret = av_read_frame(format_.get(), packet.get());
        if (ret == AVERROR_EOF) break;
        check_av(ret, what);
        AVCodecContext* ctx = packet->stream_index == video_stream_   ? video_.get()
                              : packet->stream_index == audio_stream_ ? audio_.get()
                                                                      : nullptr;
        if (ctx) {
            // A damaged packet (e.g. the torn last fragment of a killed recording) is skipped.
            if (avcodec_send_packet(ctx, packet.get()) >= 0)
                drain(ctx, ctx == video_.get() ? on_video : on_audio);
        }
        av_packet_unref(packet.get());
    }
    avcodec_send_packet(video_.get(), nullptr);
    drain(video_.get(), on_video);
    if (audio_) {
        avcodec_send_packet(audio_.get(), nullptr);
        drain(audio_.get(), on_audio);
    }
}

}  // namespace clipnote
