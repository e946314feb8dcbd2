#include "encode/spooled_mp4_sink.h"

#include <exception>

#include "common/error.h"

namespace clipnote {

SpooledMp4Sink::SpooledMp4Sink(const std::string& path, const std::string& spool_path, const AVCodecContext& video,
                               const AVCodecContext* audio, SpoolProgress on_spooled, SpoolFailure on_failed)
    : local_(path, video, audio),
      spool_path_(spool_path),
      video_time_base_(video.time_base),
      copy_(make_packet()),
      on_spooled_(std::move(on_spooled)),
      on_failed_(std::move(on_failed)) {
    try {
        // Not fragmented and never shifted: the muxer writes edit lists, so the spool's duration
        // is the true one (what finalize_mp4 makes of the local file).
        spool_ = std::make_unique<Mp4Writer>(spool_path, video, audio, /*fragmented=*/false);
        // The header ends with the mdat box header, the last thing the trailer rewrites.
        patch_end_ = spool_->bytes_written();
    } catch (const std::exception& e) {
        fail(e.what());
    }
}

SpooledMp4Sink::~SpooledMp4Sink() = default;

void SpooledMp4Sink::write_video(AVPacket& packet) { write(packet, Kind::video); }
void SpooledMp4Sink::write_audio(AVPacket& packet) { write(packet, Kind::audio); }

void SpooledMp4Sink::write(AVPacket& packet, Kind kind) {
    // Mp4Writer shifts and rescales the packet in place and takes its data: the spool gets a
    // reference of its own, taken before the local write.
    av_packet_unref(copy_.get());
    if (spool_) {
        const int ret = av_packet_ref(copy_.get(), &packet);
        if (ret < 0) fail("cannot copy a packet for the spool");
    }
    const int64_t dts = packet.dts;  // the encoder's, before the local writer changes it
    kind == Kind::video ? local_.write_video(packet) : local_.write_audio(packet);
    if (!spool_) return;
    try {
        kind == Kind::video ? spool_->write_video(*copy_) : spool_->write_audio(*copy_);
        // The AVIO buffer reaches the file in 256 KiB blocks (strace): flush once a second so the
        // uploader follows the recording closely whatever the bitrate, and little is left at stop.
        if (kind == Kind::video && dts != AV_NOPTS_VALUE) {
            if (last_flush_dts_ == AV_NOPTS_VALUE) {
                last_flush_dts_ = dts;
            } else if (av_compare_ts(dts - last_flush_dts_, video_time_base_, 1, AVRational{1, 1}) >= 0) {
                spool_->flush();
                last_flush_dts_ = dts;
            }
        }
    } catch (const std::exception& e) {
        fail(e.what());  // the local recording goes on
        return;
    }
    // Only what left the AVIO buffer is in the file for the uploader to read.
    const std::int64_t stable = spool_->flushed_bytes();
    if (stable > reported_) {
        reported_ = stable;
        if (on_spooled_) on_spooled_(stable);
    }
}

void SpooledMp4Sink::finish() {
    std::exception_ptr local_error;
    try {
        local_.finish();
    } catch (...) {
        local_error = std::current_exception();
    }
    if (spool_) {
        try {
            spool_->finish();
            const std::int64_t size = spool_->bytes_written();
            spool_.reset();
            if (on_spooled_) on_spooled_(size);
        } catch (const std::exception& e) {
            fail(e.what());
        }
    }
    if (local_error) std::rethrow_exception(local_error);
}

std::string SpooledMp4Sink::spool_error() const {
    std::lock_guard lock(error_mutex_);
    return error_;
}

void SpooledMp4Sink::fail(const std::string& error) {
    spool_.reset();  // the file is left as it is: an uploader may still be reading it
    av_packet_unref(copy_.get());
    {
        std::lock_guard lock(error_mutex_);
        if (!error_.empty()) return;
        error_ = error;
    }
    if (on_failed_) on_failed_(error);
}

std::unique_ptr<SpooledMp4Sink> make_spooled_mp4_sink(const std::string& path, const std::string& spool_path,
                                                      const AVCodecContext& video, const AVCodecContext* audio,
                                                      SpoolProgress on_spooled, SpoolFailure on_failed) {
    return std::make_unique<SpooledMp4Sink>(path, spool_path, video, audio, std::move(on_spooled),
                                            std::move(on_failed));
}

}  // namespace clipnote
