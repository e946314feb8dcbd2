#include "support/av_handles.h"

#include <stdexcept>

namespace clipnote::test::av {

std::string error_text(int errnum) {
    char buf[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(errnum, buf, sizeof buf);
    return buf;
}

int check(int ret, const std::string& what, const std::string& path) {
    if (ret < 0) throw std::runtime_error(what + ": " + path + ": " + error_text(ret));
    return ret;
}

FramePtr make_frame() {
    FramePtr f(av_frame_alloc());
    if (!f) throw std::runtime_error("av_frame_alloc: out of memory");
    return f;
}

PacketPtr make_packet() {
    PacketPtr p(av_packet_alloc());
    if (!p) throw std::runtime_error("av_packet_alloc: out of memory");
    return p;
}

FormatPtr open_input(const std::string& path,
                     const std::vector<std::pair<std::string, std::string>>& options) {
    AVDictionary* raw_opts = nullptr;
    for (const auto& [k, v] : options) av_dict_set(&raw_opts, k.c_str(), v.c_str(), 0);
    std::unique_ptr<AVDictionary, DictFreer> opts(raw_opts);

    AVFormatContext* raw = nullptr;
    raw_opts = opts.release();
    int ret = avformat_open_input(&raw, path.c_str(), nullptr, &raw_opts);
    opts.reset(raw_opts);  // what the demuxer did not consume
    check(ret, "avformat_open_input", path);
    FormatPtr fmt(raw);
    check(avformat_find_stream_info(fmt.get(), nullptr), "avformat_find_stream_info", path);
    return fmt;
}

CodecPtr open_decoder(AVFormatContext* fmt, int stream_index, const std::string& path) {
    AVStream* st = fmt->streams[stream_index];
    const AVCodec* codec = avcodec_find_decoder(st->codecpar->codec_id);
    if (!codec)
        throw std::runtime_error("no decoder for " +
                                 std::string(avcodec_get_name(st->codecpar->codec_id)) + ": " +
                                 path);
    CodecPtr ctx(avcodec_alloc_context3(codec));
    if (!ctx) throw std::runtime_error("avcodec_alloc_context3: out of memory");
    check(avcodec_parameters_to_context(ctx.get(), st->codecpar), "avcodec_parameters_to_context",
          path);
    ctx->pkt_timebase = st->time_base;
    ctx->thread_count = 1;
    check(avcodec_open2(ctx.get(), codec, nullptr), "avcodec_open2", path);
    return ctx;
}

}  // namespace clipnote::test::av
