#pragma once
// Writes H.264 + AAC into an MP4 that is playable at every moment of the recording: the file is
// fragmented (an empty moov, then a moof+mdat about every second, each flushed to disk), so a
// killed process leaves a file that plays up to its last fragment. finish() writes the trailer;
// finalize_mp4() then rewrites it as a plain faststart MP4 whose duration every player reports.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/av_ptr.h"
#include "common/cancel.h"

namespace clipnote {

// How far a stream's timestamps were moved forward so that it starts at 0 in the fragmented file
// (H.264 B-frames and AAC priming start before 0, and a fragment cannot say so).
struct StreamShift {
    int64_t value = 0;
    AVRational time_base{1, 1};
};

class Mp4Writer {
public:
    // `audio` may be null. Throws Error("cannot write <path>: <reason>").
    Mp4Writer(const std::string& path, const AVCodecContext& video, const AVCodecContext* audio, bool fragmented = true);
    ~Mp4Writer();

    void write_video(AVPacket& packet) { write(packet, video_stream_, video_time_base_, video_shift_, video_started_); }
    void write_audio(AVPacket& packet) { write(packet, audio_stream_, audio_time_base_, audio_shift_, audio_started_); }
    // Progressive files only, before the first packet: each write puts its packet into the file at
    // once, in call order, instead of through libavformat's interleaving queue, so the caller knows
    // that the bytes between bytes_written() before and after a write are that packet's sample.
    void write_in_call_order() { interleaved_ = false; }
    // Progressive files only, between two packets: writes raw bytes at the end of the file. The
    // muxer takes its sample offsets from the file position, so its tables stay right.
    void insert(const void* data, std::size_t size);
    // Progressive files only, between two packets: rewrites bytes already written (the end of the
    // file stays where it was). Both throw like write_*.
    void overwrite(int64_t offset, const void* data, std::size_t size);
    // Writes the trailer and closes the file; safe to call once after a write error too.
    void finish();
    int64_t bytes_written() const { return bytes_; }
    // Per output stream (video first, then audio), for finalize_mp4.
    std::vector<StreamShift> shifts() const { return {video_shift_, audio_shift_}; }
    const std::string& path() const { return path_; }

private:
    void write(AVPacket& packet, int stream, AVRational codec_time_base, StreamShift& shift, bool& started);
    // Throws (after salvage()) when the AVIO context has recorded an error.
    void check_io();
    // After a failed write (disk full): close, and cut the file back to its last whole fragment.
    void salvage();

    std::string path_;
    OutputFormatPtr ctx_;
    int video_stream_ = -1;
    int audio_stream_ = -1;
    AVRational video_time_base_{};
    AVRational audio_time_base_{};
    int64_t bytes_ = 0;
    int64_t complete_bytes_ = 0;  // file size at the end of the last whole fragment
    bool finished_ = false;
    bool fragmented_ = true;
    bool interleaved_ = true;
    StreamShift video_shift_, audio_shift_;
    bool video_started_ = false, audio_started_ = false;
    bool first_fragment_written_ = false;
};

// Stream-copies a (fragmented) MP4 into a faststart MP4 at `final_path` via a temporary file and a
// rename, so `final_path` is never a half-written file. `shifts` (from the writer) are taken back,
// so the final file has edit lists and both streams start exactly at 0. Throws Error on failure,
// Cancelled when `cancel` is raised; the input is untouched either way.
void finalize_mp4(const std::string& fragmented_path, const std::string& final_path,
                  const std::vector<StreamShift>& shifts = {}, const CancelFlag* cancel = nullptr);

}  // namespace clipnote
