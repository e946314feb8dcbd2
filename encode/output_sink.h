#pragma once
// Where the Recorder's encoded packets go: a fragmented MP4 on disk that plays at every moment
// (fragmented_mp4_sink.cpp), or that plus a spool (a progressive MP4, one mdat per upload part)
// an uploader sends while recording (spooled_mp4_sink.h). The Recorder only ever sees this interface; the shell picks the sink
// through RecordOptions.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

extern "C" {
#include <libavcodec/avcodec.h>
}

#include "encode/mp4_writer.h"

namespace clipnote {

class OutputSink {
public:
    virtual ~OutputSink() = default;
    virtual void write_video(AVPacket& packet) = 0;
    virtual void write_audio(AVPacket& packet) = 0;
    // Completes the file (trailer). Safe to call once after a failed write too; throws Error when
    // the file could not be completed (what was written so far stays playable).
    virtual void finish() = 0;
    virtual std::int64_t bytes_written() const = 0;
    // The local file holding the recording (what post-processing reads).
    virtual const std::string& path() const = 0;
    // How far each stream was shifted to start at 0 (for finalize_mp4's edit lists).
    virtual std::vector<StreamShift> shifts() const = 0;
};

// Builds the sink once the encoders exist (the container needs their parameters). `audio` may
// be null. Throws Error("cannot write <path>: ...").
using SinkFactory = std::function<std::unique_ptr<OutputSink>(const std::string& path, const AVCodecContext& video,
                                                              const AVCodecContext* audio)>;

// Today's sink: fragmented MP4 at `path` (mp4_writer.h).
std::unique_ptr<OutputSink> make_fragmented_mp4_sink(const std::string& path, const AVCodecContext& video,
                                                     const AVCodecContext* audio);

}  // namespace clipnote
