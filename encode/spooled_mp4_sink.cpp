#include "encode/spooled_mp4_sink.h"

#include <exception>

#include "common/error.h"

namespace clipnote {

SpooledMp4Sink::SpooledMp4Sink(const std::string& path, const std::string& spool_path, SpoolLayout layout,
                               const AVCodecContext& video, const AVCodecContext* audio, SpoolProgress on_spooled,
                               SpoolFailure on_failed)
    : local_(path, video, audio),
      spool_path_(spool_path),
      video_codec_(video.codec_id),
      audio_codec_(audio ? audio->codec_id : AV_CODEC_ID_NONE),
      max_open_(layout.uniform ? std::chrono::milliseconds(0) : layout.max_open),
      copy_(make_packet()),
      on_spooled_(std::move(on_spooled)),
      on_failed_(std::move(on_failed)) {
    try {
        // Not fragmented and never shifted: the muxer writes edit lists, so the spool's duration
        // is the true one (what finalize_mp4 makes of the local file).
        spool_ = std::make_unique<Mp4Writer>(spool_path, video, audio, /*fragmented=*/false);
        // The cutter must know where each sample lands: no interleaving queue in between.
        spool_->write_in_call_order();
        cutter_.emplace(layout, spool_->bytes_written());
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
    kind == Kind::video ? local_.write_video(packet) : local_.write_audio(packet);
    if (!spool_) return;
    bool part_closed = false;
    try {
        const auto now = std::chrono::steady_clock::now();
        const bool overdue = max_open_.count() > 0 && now - part_opened_ >= max_open_;
        const bool cut = overdue && cutter_->cut(*spool_);
        const bool full =
            cutter_->before_sample(*spool_, mp4_sample_bound(*copy_, kind == Kind::video ? video_codec_ : audio_codec_));
        part_closed = cut || full;
        if (part_closed) part_opened_ = now;
        kind == Kind::video ? spool_->write_video(*copy_) : spool_->write_audio(*copy_);
        cutter_->after_sample(*spool_);
    } catch (const std::exception& e) {
        fail(e.what());  // the local recording goes on
        return;
    }
    if (part_closed && on_spooled_) on_spooled_(cutter_->final_bytes());
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
            cutter_->before_trailer(*spool_);
            spool_->finish();
            const std::int64_t size = spool_->bytes_written();
            spool_.reset();
            cutter_->restore_first_header(spool_path_);
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
                                                      SpoolLayout layout, const AVCodecContext& video,
                                                      const AVCodecContext* audio, SpoolProgress on_spooled,
                                                      SpoolFailure on_failed) {
    return std::make_unique<SpooledMp4Sink>(path, spool_path, layout, video, audio, std::move(on_spooled),
                                            std::move(on_failed));
}

}  // namespace clipnote
