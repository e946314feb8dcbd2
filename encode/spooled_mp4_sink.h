#pragma once
// A sink for uploading while recording (docs/INSTANT_LINK_LAYOUT.md, layout C): the local
// fragmented MP4 as today (crash-safe, what post-processing reads), plus the same packets in a
// plain MP4 "spool" (one mdat, moov at the end) that an uploader sends in parts while it grows.
//
// The spool is append-only except for one patch at finish: the mov muxer goes back to the mdat
// header and writes its size (4 bytes at patch_end - 8; above 4 GiB it rewrites the 8-byte
// 'free' box before it as a 64-bit mdat header: 16 bytes from patch_end - 16). Every byte at or
// after spool_patch_end() never changes once reported stable; the uploader's first part must
// cover [0, spool_patch_end()) and is sent again after finish.
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "encode/output_sink.h"

namespace clipnote {

// `stable_bytes`: how many leading bytes of the spool are in the file (handed to the OS) and final
// except for the header patch. Called on the recorder's thread after a write that moved it (the
// spool is flushed about once a second of video), and once after finish() with the complete
// file's size. Callbacks must not throw.
using SpoolProgress = std::function<void(std::int64_t stable_bytes)>;
// Called once, on the recorder's thread, when the spool is given up (the recording goes on).
using SpoolFailure = std::function<void(const std::string& error)>;

class SpooledMp4Sink : public OutputSink {
public:
    // Throws Error when the local file cannot be written; a spool that cannot be written is
    // reported (spool_error(), on_failed) and the recording goes on without it.
    SpooledMp4Sink(const std::string& path, const std::string& spool_path, const AVCodecContext& video,
                   const AVCodecContext* audio, SpoolProgress on_spooled, SpoolFailure on_failed = {});
    ~SpooledMp4Sink() override;

    void write_video(AVPacket& packet) override;
    void write_audio(AVPacket& packet) override;
    // Finishes the local file, then the spool. Throws only for the local file.
    void finish() override;
    std::int64_t bytes_written() const override { return local_.bytes_written(); }
    const std::string& path() const override { return local_.path(); }
    std::vector<StreamShift> shifts() const override { return local_.shifts(); }

    const std::string& spool_path() const { return spool_path_; }
    // First byte of the spool that finish() never rewrites (the end of the mdat header); 0 when
    // the spool could not be opened.
    std::int64_t spool_patch_end() const { return patch_end_; }
    // Why the spool was given up; empty while it is fine. Safe from any thread.
    std::string spool_error() const;

private:
    enum class Kind { video, audio };
    void write(AVPacket& packet, Kind kind);
    void fail(const std::string& error);

    Mp4Writer local_;
    std::string spool_path_;
    AVRational video_time_base_;
    std::unique_ptr<Mp4Writer> spool_;  // null once given up
    PacketPtr copy_;
    SpoolProgress on_spooled_;
    SpoolFailure on_failed_;
    std::int64_t patch_end_ = 0;
    std::int64_t reported_ = -1;
    std::int64_t last_flush_dts_ = AV_NOPTS_VALUE;
    mutable std::mutex error_mutex_;
    std::string error_;
};

std::unique_ptr<SpooledMp4Sink> make_spooled_mp4_sink(const std::string& path, const std::string& spool_path,
                                                      const AVCodecContext& video, const AVCodecContext* audio,
                                                      SpoolProgress on_spooled, SpoolFailure on_failed = {});

}  // namespace clipnote
