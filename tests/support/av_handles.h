// RAII owners for the FFmpeg handles the media checks use, and the one way they report errors.
// Internal to the support library: FFmpeg types never appear in the public test headers.
#pragma once

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/pixdesc.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>
}

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace clipnote::test::av {

struct FormatCloser {
    void operator()(AVFormatContext* c) const { avformat_close_input(&c); }
};
struct CodecFreer {
    void operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
};
struct FrameFreer {
    void operator()(AVFrame* f) const { av_frame_free(&f); }
};
struct PacketFreer {
    void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct SwsFreer {
    void operator()(SwsContext* c) const { sws_freeContext(c); }
};
struct SwrFreer {
    void operator()(SwrContext* c) const { swr_free(&c); }
};
struct DictFreer {
    void operator()(AVDictionary* d) const { av_dict_free(&d); }
};

using FormatPtr = std::unique_ptr<AVFormatContext, FormatCloser>;
using CodecPtr = std::unique_ptr<AVCodecContext, CodecFreer>;
using FramePtr = std::unique_ptr<AVFrame, FrameFreer>;
using PacketPtr = std::unique_ptr<AVPacket, PacketFreer>;
using SwsPtr = std::unique_ptr<SwsContext, SwsFreer>;
using SwrPtr = std::unique_ptr<SwrContext, SwrFreer>;

// av_err2str is a C compound-literal macro; this is its C++ equivalent.
std::string error_text(int errnum);
// Throws std::runtime_error("<what>: <path>: <error text>") when ret < 0; returns ret otherwise.
int check(int ret, const std::string& what, const std::string& path);

FramePtr make_frame();
PacketPtr make_packet();

// Opens `path` and reads stream info. `options` are demuxer options ("key=value" pairs).
FormatPtr open_input(const std::string& path,
                     const std::vector<std::pair<std::string, std::string>>& options = {});

// A decoder opened for stream `stream_index` of `fmt` (single-threaded: the machine is shared
// and test clips are short).
CodecPtr open_decoder(AVFormatContext* fmt, int stream_index, const std::string& path);

}  // namespace clipnote::test::av
