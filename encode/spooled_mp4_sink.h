#pragma once
// A sink for uploading while recording: the local fragmented MP4 as today (crash-safe, what
// post-processing reads), plus the same packets in a progressive MP4 "spool" that an uploader sends
// part by part while it grows (docs/INSTANT_LINK_LAYOUT.md, layout B).
//
// The spool is cut into one mdat box per part (encode/mdat_part_cutter.h) and moov at the end, so
// every part is final once it is reported: nothing the uploader has sent ever changes, and at stop
// only the last part (the tail of the media and the moov) is left to send.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "encode/mdat_part_cutter.h"
#include "encode/output_sink.h"

namespace clipnote {

// `final_bytes`: how many leading bytes of the spool are in the file and will never change: whole
// parts while recording, the complete file's size once after finish(). Called on the recorder's
// thread. Callbacks must not throw.
using SpoolProgress = std::function<void(std::int64_t final_bytes)>;
// Called once, on the recorder's thread, when the spool is given up (the recording goes on).
using SpoolFailure = std::function<void(const std::string& error)>;

class SpooledMp4Sink : public OutputSink {
public:
    // Throws Error when the local file cannot be written; a spool that cannot be written is
    // reported (spool_error(), on_failed) and the recording goes on without it. `layout`: how the
    // uploader wants the parts cut.
    SpooledMp4Sink(const std::string& path, const std::string& spool_path, SpoolLayout layout,
                   const AVCodecContext& video, const AVCodecContext* audio, SpoolProgress on_spooled,
                   SpoolFailure on_failed = {});
    ~SpooledMp4Sink() override;

    void write_video(AVPacket& packet) override;
    void write_audio(AVPacket& packet) override;
    // Finishes the local file, then the spool. Throws only for the local file.
    void finish() override;
    std::int64_t bytes_written() const override { return local_.bytes_written(); }
    const std::string& path() const override { return local_.path(); }
    std::vector<StreamShift> shifts() const override { return local_.shifts(); }

    const std::string& spool_path() const { return spool_path_; }
    // Why the spool was given up; empty while it is fine. Safe from any thread.
    std::string spool_error() const;

private:
    enum class Kind { video, audio };
    void write(AVPacket& packet, Kind kind);
    void fail(const std::string& error);

    Mp4Writer local_;
    std::string spool_path_;
    AVCodecID video_codec_;
    AVCodecID audio_codec_;
    std::unique_ptr<Mp4Writer> spool_;  // null once given up
    std::optional<MdatPartCutter> cutter_;
    std::chrono::milliseconds max_open_;
    std::chrono::steady_clock::time_point part_opened_ = std::chrono::steady_clock::now();
    PacketPtr copy_;
    SpoolProgress on_spooled_;
    SpoolFailure on_failed_;
    mutable std::mutex error_mutex_;
    std::string error_;
};

std::unique_ptr<SpooledMp4Sink> make_spooled_mp4_sink(const std::string& path, const std::string& spool_path,
                                                      SpoolLayout layout, const AVCodecContext& video,
                                                      const AVCodecContext* audio, SpoolProgress on_spooled,
                                                      SpoolFailure on_failed = {});

}  // namespace clipnote
