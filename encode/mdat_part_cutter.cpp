#include "encode/mdat_part_cutter.h"

#include <algorithm>
#include <fstream>

#include "common/error.h"
#include "encode/mp4_writer.h"

namespace clipnote {
namespace {

constexpr std::int64_t kBoxHeader = 8;

void put_be32(unsigned char* at, std::uint32_t v) {
    at[0] = static_cast<unsigned char>(v >> 24);
    at[1] = static_cast<unsigned char>(v >> 16);
    at[2] = static_cast<unsigned char>(v >> 8);
    at[3] = static_cast<unsigned char>(v);
}

// A box header: 32-bit size (every mdat here is at most one part), then the type.
void box_header(unsigned char out[8], std::uint32_t size, const char type[4]) {
    put_be32(out, size);
    std::copy(type, type + 4, out + 4);
}

}  // namespace

std::int64_t mp4_sample_bound(const AVPacket& packet, AVCodecID codec) {
    std::int64_t bound = packet.size;
    if (codec != AV_CODEC_ID_H264 && codec != AV_CODEC_ID_HEVC) return bound;
    const std::uint8_t* d = packet.data;
    for (int i = 0; i + 2 < packet.size; ++i)
        if (d[i] == 0 && d[i + 1] == 0 && d[i + 2] == 1) ++bound;
    return bound;
}

MdatPartCutter::MdatPartCutter(SpoolLayout layout, std::int64_t header_end)
    : layout_(layout),
      first_mdat_(header_end - kBoxHeader),
      mdat_start_(header_end - kBoxHeader),
      part_end_(layout.part_size) {
    if (layout_.part_size > 0xffffffffLL) throw Error("upload parts above 4 GiB are not supported");
    if (header_end + kBoxHeader >= layout_.part_size)
        throw Error("the MP4 header (" + std::to_string(header_end) + " bytes) does not fit in an upload part");
}

bool MdatPartCutter::before_sample(Mp4Writer& writer, std::int64_t bound) {
    const std::int64_t at = writer.bytes_written();
    if (at + bound <= part_end_) return false;
    if (bound > layout_.part_size - kBoxHeader)
        throw Error("a sample of " + std::to_string(bound) + " bytes does not fit in an upload part of " +
                    std::to_string(layout_.part_size));
    next_part(writer, layout_.uniform ? part_end_ : at);
    return true;
}

bool MdatPartCutter::cut(Mp4Writer& writer) {
    const std::int64_t at = writer.bytes_written();
    if (layout_.uniform || at <= mdat_start_ + kBoxHeader) return false;
    next_part(writer, at);
    return true;
}

void MdatPartCutter::next_part(Mp4Writer& writer, std::int64_t end) {
    // Zeros up to the part's end: inside the mdat, unreferenced.
    static const unsigned char zeros[64 * 1024] = {};
    for (std::int64_t left = end - writer.bytes_written(); left > 0;) {
        const auto n = static_cast<std::size_t>(std::min<std::int64_t>(left, sizeof zeros));
        writer.insert(zeros, n);
        left -= static_cast<std::int64_t>(n);
    }
    // The next mdat opens at `end`; its size is written when it closes.
    unsigned char next[8];
    box_header(next, 0, "mdat");
    writer.insert(next, sizeof next);
    close_mdat(writer, end);
    mdat_start_ = end;
    part_end_ = end + layout_.part_size;
    final_bytes_ = end;
}

void MdatPartCutter::after_sample(const Mp4Writer& writer) const {
    if (writer.bytes_written() > part_end_)
        throw Error("a sample crossed an upload part's end (" + std::to_string(writer.bytes_written()) + " > " +
                    std::to_string(part_end_) + ")");
}

void MdatPartCutter::before_trailer(Mp4Writer& writer) { close_mdat(writer, writer.bytes_written()); }

void MdatPartCutter::close_mdat(Mp4Writer& writer, std::int64_t end) {
    const std::int64_t size = end - mdat_start_;
    unsigned char header[8];
    box_header(header, static_cast<std::uint32_t>(size), "mdat");
    writer.overwrite(mdat_start_, header, sizeof header);
    if (mdat_start_ == first_mdat_) first_mdat_size_ = size;
}

void MdatPartCutter::restore_first_header(const std::string& path) const {
    // The free box and the mdat header: the trailer may have rewritten either (above 4 GiB it
    // turns the pair into one 64-bit mdat header).
    unsigned char bytes[16];
    box_header(bytes, kBoxHeader, "free");
    box_header(bytes + 8, static_cast<std::uint32_t>(first_mdat_size_), "mdat");
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(first_mdat_ - kBoxHeader);
    file.write(reinterpret_cast<const char*>(bytes), sizeof bytes);
    file.close();
    if (!file) throw Error("cannot restore the first mdat header of " + path);
}

}  // namespace clipnote
