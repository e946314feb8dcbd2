// gif_frame_delays_s: the delays a GIF stores, read two independent ways that must agree;
// gif_images: each image block's rectangle, transparency and delay.
#include <cstdint>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "support/av_handles.h"
#include "support/media_probe.h"

namespace clipnote::test {
namespace {

// Walks the GIF block structure and returns each image's descriptor and Graphic Control
// Extension (delay in hundredths of a second, 0 for an image without a GCE).
std::vector<GifImage> read_images(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::vector<uint8_t> b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    size_t p = 0;
    auto need = [&](size_t n) {
        if (p + n > b.size()) throw std::runtime_error("truncated GIF: " + path);
    };
    auto skip_sub_blocks = [&] {
        for (;;) {
            need(1);
            uint8_t len = b[p++];
            if (len == 0) return;
            need(len);
            p += len;
        }
    };
    auto colour_table_size = [](uint8_t packed) -> size_t {
        return (packed & 0x80) ? 3u * (1u << ((packed & 0x07) + 1)) : 0u;
    };

    need(13);
    std::string sig(b.begin(), b.begin() + 6);
    if (sig != "GIF87a" && sig != "GIF89a") throw std::runtime_error("not a GIF: " + path);
    p = 13 + colour_table_size(b[10]);  // header + logical screen descriptor + global table

    std::vector<GifImage> images;
    GifImage pending;  // what the GCE before the next image says
    for (;;) {
        need(1);
        uint8_t block = b[p++];
        if (block == 0x3B) return images;  // trailer
        if (block == 0x21) {               // extension: label, then sub-blocks
            need(1);
            uint8_t label = b[p++];
            if (label == 0xF9) {
                need(6);  // size(4) packed delay_lo delay_hi transparent_index ...
                pending.delay_cs = b[p + 2] | (b[p + 3] << 8);
                pending.transparent = (b[p + 1] & 1) != 0;
            }
            skip_sub_blocks();
        } else if (block == 0x2C) {  // image: descriptor, local table, LZW size, data
            need(9);
            pending.x = b[p] | (b[p + 1] << 8);
            pending.y = b[p + 2] | (b[p + 3] << 8);
            pending.width = b[p + 4] | (b[p + 5] << 8);
            pending.height = b[p + 6] | (b[p + 7] << 8);
            uint8_t packed = b[p + 8];
            p += 9 + colour_table_size(packed);
            need(1);
            ++p;  // LZW minimum code size
            const size_t data_start = p;
            skip_sub_blocks();
            pending.data_bytes = int(p - data_start);
            images.push_back(pending);
            pending = {};
        } else {
            throw std::runtime_error("malformed GIF (unknown block " + std::to_string(block) +
                                     " at byte " + std::to_string(p - 1) + "): " + path);
        }
    }
}

// The same delays as the gif demuxer reports them (packet durations in its 1/100 s time base),
// with its "treat tiny delays as 0.1 s" substitution turned off so stored values come through.
std::vector<int> demuxer_durations_cs(const std::string& path) {
    av::FormatPtr fmt = av::open_input(path, {{"min_delay", "0"}});
    if (std::string(fmt->iformat->name) != "gif")
        throw std::runtime_error("not read as GIF (" + std::string(fmt->iformat->name) +
                                 "): " + path);
    const AVRational tb = fmt->streams[0]->time_base;
    std::vector<int> durations;
    av::PacketPtr pkt = av::make_packet();
    for (;;) {
        int ret = av_read_frame(fmt.get(), pkt.get());
        if (ret == AVERROR_EOF) break;
        av::check(ret, "av_read_frame", path);
        durations.push_back(static_cast<int>(av_rescale_q(pkt->duration, tb, AVRational{1, 100})));
        av_packet_unref(pkt.get());
    }
    return durations;
}

std::string join(const std::vector<int>& v) {
    std::string s;
    for (int x : v) s += (s.empty() ? "" : ",") + std::to_string(x);
    return s;
}

}  // namespace

std::vector<GifImage> gif_images(const std::string& path) { return read_images(path); }

std::vector<double> gif_frame_delays_s(const std::string& path) {
    std::vector<int> stored;
    for (const GifImage& i : read_images(path)) stored.push_back(i.delay_cs);
    std::vector<int> demuxed = demuxer_durations_cs(path);
    if (stored != demuxed)
        throw std::runtime_error("GIF delays disagree for " + path + ": GCE [" + join(stored) +
                                 "] vs demuxer [" + join(demuxed) + "] (1/100 s)");
    std::vector<double> seconds;
    for (int cs : stored) seconds.push_back(cs / 100.0);
    return seconds;
}

}  // namespace clipnote::test
