#pragma once
// Reads a media file and decodes its best video and (optionally) audio stream, handing every
// decoded frame to a callback. Used by the exporters (trim, MP4 -> GIF) and the finalizer.
#include <functional>
#include <string>

#include "common/av_ptr.h"

namespace clipnote {

// Opens a media file and reads its stream info; throws Error("<what>: <reason>").
InputFormatPtr open_media(const std::string& path, const std::string& what);
// A decoder for `stream`, opened; throws Error("<what>: ...").
CodecContextPtr open_decoder(const AVStream* stream, const std::string& what);

class MediaReader {
public:
    // Throws Error("cannot read <path>: ...") when the file is missing, unreadable or has no video.
    explicit MediaReader(const std::string& path, bool with_audio = true);

    bool has_audio() const { return audio_ != nullptr; }
    const AVCodecContext& video() const { return *video_; }
    const AVCodecContext* audio() const { return audio_.get(); }
    AVRational video_time_base() const;
    AVRational audio_time_base() const;
    double duration_s() const;

    // Decodes everything from the start; `on_video`/`on_audio` get each frame (pts in the stream's
    // time base). A callback returning false stops reading.
    void decode(const std::function<bool(AVFrame&)>& on_video, const std::function<bool(AVFrame&)>& on_audio);
    // Seeks back to the start for another pass.
    void rewind();

private:
    std::string path_;
    InputFormatPtr format_;
    int video_stream_ = -1, audio_stream_ = -1;
    CodecContextPtr video_, audio_;
};

}  // namespace clipnote
