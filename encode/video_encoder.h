#pragma once
// H.264 through libx264 (or GIF/other codecs for export), with the canonical send/receive loop.
#include <functional>
#include <string>

#include "common/av_ptr.h"
#include "encode/colour_description.h"

namespace clipnote {

using PacketSink = std::function<void(AVPacket&)>;

struct VideoEncoderSettings {
    int width = 0, height = 0;
    int fps = 30;
    int crf = 23;
    std::string preset = "veryfast";
    int gop_seconds = 2;
    bool global_header = true;  // MP4 keeps SPS/PPS in the sample description
    std::string x264_params;    // extra "key=value:key=value" for x264, for experts
    ColourDescription colour = kRecordedColour;  // written to the SPS and the MP4's 'colr'
};

class VideoEncoder {
public:
    explicit VideoEncoder(const VideoEncoderSettings& settings);
    // `frame` is yuv420p of the configured size with pts in 1/fps; nullptr flushes.
    void send(const AVFrame* frame, const PacketSink& sink);
    const AVCodecContext& context() const { return *ctx_; }

private:
    void drain(const PacketSink& sink);
    CodecContextPtr ctx_;
    PacketPtr packet_ = make_packet();
};

struct AudioEncoderSettings {
    int sample_rate = 48000;
    int channels = 2;
    int bitrate = 128000;
};

// AAC (FFmpeg's native encoder), planar float input in frames of frame_size() samples.
class AudioEncoder {
public:
    explicit AudioEncoder(const AudioEncoderSettings& settings, bool global_header = true);
    void send(const AVFrame* frame, const PacketSink& sink);
    const AVCodecContext& context() const { return *ctx_; }
    int frame_size() const { return ctx_->frame_size; }

private:
    CodecContextPtr ctx_;
    PacketPtr packet_ = make_packet();
};

}  // namespace clipnote
