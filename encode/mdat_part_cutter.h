#pragma once
// Lays a progressive MP4's media data out as one `mdat` box per upload part (layout B of
// docs/INSTANT_LINK_LAYOUT.md), so that an uploader can send every part as soon as it is full and
// nothing it sent ever changes: each part from the second on starts with an `mdat` header whose
// size is written when the part is full, before it is reported. Two ways to cut (SpoolLayout):
// uniform parts, part k = [(k-1)P, kP), for S3's multipart upload; or compact parts (no fill, each
// at most P long, closed early on request) for a streamed upload, which only needs bytes to flow.
//
// The muxer (Mp4Writer in call order) writes ftyp, free and its own `mdat` header, then the
// samples. Before each sample the cutter checks that the sample fits in what is left of the current
// part; if not, it zero-fills the part (the fill stays inside the part's mdat, where no table points)
// and opens the next mdat at the part boundary. The muxer takes sample offsets from the file
// position, so its chunk tables point at the right bytes; at the trailer it rewrites the first mdat's
// size as if there were only one, which restore_first_header() undoes once the file is closed.
#include <chrono>
#include <cstdint>
#include <string>

extern "C" {
#include <libavcodec/avcodec.h>
}

namespace clipnote {

class Mp4Writer;

// The most bytes the mov muxer can write for `packet` (it turns H.264/HEVC Annex B start codes
// into 4-byte lengths: at most one byte more per NAL unit; other codecs go in as they are).
std::int64_t mp4_sample_bound(const AVPacket& packet, AVCodecID codec);

// How a spool's media is cut into parts, one mdat each.
struct SpoolLayout {
    std::int64_t part_size = 0;  // the most bytes a part spans
    // true: part k is exactly [(k-1)P, kP), the rest of a part zero-filled (S3 multipart parts).
    // false: a part ends where the next sample does not fit, with no fill (a streamed upload).
    bool uniform = true;
    // Compact parts only: also close a part that has been open this long (0: never), so a streamed
    // upload is never kept waiting for bytes longer (servers drop a request body that stalls for
    // about a minute). Done by the sink, which has the clock.
    std::chrono::milliseconds max_open{0};

    static SpoolLayout uniform_parts(std::int64_t size) { return {size, true, {}}; }
    static SpoolLayout compact_parts(std::int64_t size, std::chrono::milliseconds max_open) {
        return {size, false, max_open};
    }
};

class MdatPartCutter {
public:
    // `header_end`: where the muxer's header ends (its mdat box header is the 8 bytes before it,
    // the 8-byte `free` box the 8 before that). Throws Error when the header leaves no room.
    MdatPartCutter(SpoolLayout layout, std::int64_t header_end);

    // Before writing a sample of at most `bound` bytes at the end of `writer`: closes the current
    // part first if the sample would cross its end. Returns true when a part was closed (then
    // final_bytes() grew and everything up to it is in the file). Throws Error when the sample can
    // never fit in one part, or when the writer fails.
    bool before_sample(Mp4Writer& writer, std::int64_t bound);
    // After the sample: throws Error if it did cross the part's end after all (a wrong bound).
    void after_sample(const Mp4Writer& writer) const;
    // Compact parts: closes the open part where the file ends now, if it holds any sample.
    // Returns true when it did (final_bytes() grew).
    bool cut(Mp4Writer& writer);
    // Before the trailer: the open mdat ends where the moov will start.
    void before_trailer(Mp4Writer& writer);
    // After the writer closed the file: puts back the first mdat's header as it was when part 1
    // was closed (the trailer rewrote it). Throws Error.
    void restore_first_header(const std::string& path) const;

    // Leading bytes that are final: whole closed parts.
    std::int64_t final_bytes() const { return final_bytes_; }
    std::int64_t part_size() const { return layout_.part_size; }

private:
    void close_mdat(Mp4Writer& writer, std::int64_t end);
    // Closes the open part at `end` (writing zeros up to it first) and opens the next one there.
    void next_part(Mp4Writer& writer, std::int64_t end);

    SpoolLayout layout_;
    std::int64_t final_bytes_ = 0;
    std::int64_t first_mdat_;        // offset of the muxer's mdat header
    std::int64_t first_mdat_size_ = 0;
    std::int64_t mdat_start_;        // the open mdat's header
    std::int64_t part_end_;          // end of the part the open mdat is in
};

}  // namespace clipnote
