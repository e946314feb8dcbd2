#include "encode/gif/gif_file_writer.h"

#include <cerrno>
#include <cstring>

#include "common/error.h"

namespace clipnote::gif {

int palette_bits(size_t colours) {
    int bits = 1;
    while ((size_t(1) << bits) < colours && bits < 8) ++bits;
    return bits;
}

GifFileWriter::GifFileWriter(const std::string& path, int width, int height) : path_(path) {
    file_ = std::fopen(path.c_str(), "wb");
    if (!file_) throw Error("cannot write " + path + ": " + std::strerror(errno));
    put("GIF89a", 6);
    put16(width);
    put16(height);
    const uint8_t screen[3] = {0x00, 0, 0};  // no global colour table: every frame brings its own
    put(screen, 3);
    // NETSCAPE2.0 application extension: loop forever.
    const uint8_t loop[19] = {0x21, 0xff, 0x0b, 'N', 'E', 'T', 'S', 'C', 'A', 'P', 'E', '2', '.', '0', 0x03, 0x01, 0x00, 0x00, 0x00};
    put(loop, sizeof loop);
}

GifFileWriter::~GifFileWriter() {
    if (file_) std::fclose(file_);
}

void GifFileWriter::add(GifFrame frame) {
    if (held_) write_frame(*held_);
    held_ = std::make_unique<GifFrame>(std::move(frame));
}

void GifFileWriter::extend(int delay_cs) {
    if (held_) held_->delay_cs += delay_cs;
}

void GifFileWriter::finish() {
    if (held_) write_frame(*held_);
    held_.reset();
    const uint8_t trailer = 0x3b;
    put(&trailer, 1);
    const bool failed = std::fflush(file_) != 0 || std::ferror(file_);
    const int err = errno;
    const bool close_failed = std::fclose(file_) != 0;
    file_ = nullptr;
    if (failed || close_failed) throw Error("writing " + path_ + ": " + std::strerror(err));
}

void GifFileWriter::write_frame(const GifFrame& f) {
    // Graphic control extension: "do not dispose" (the next frame draws over this one), the
    // transparent index if any, the delay. A delay of 0 or 1 cs is shown slowly by browsers.
    const int delay = std::max(2, std::min(f.delay_cs, 65535));
    const uint8_t packed = uint8_t((1 << 2) | (f.transparent >= 0 ? 1 : 0));
    const uint8_t gce[4] = {0x21, 0xf9, 0x04, packed};
    put(gce, 4);
    put16(delay);
    const uint8_t gce_end[2] = {uint8_t(f.transparent >= 0 ? f.transparent : 0), 0};
    put(gce_end, 2);

    const int bits = palette_bits(f.palette.size());
    const uint8_t sep = 0x2c;
    put(&sep, 1);
    put16(f.rect.x);
    put16(f.rect.y);
    put16(f.rect.width);
    put16(f.rect.height);
    const uint8_t local = uint8_t(0x80 | (bits - 1));
    put(&local, 1);
    std::vector<uint8_t> table(size_t(3) << bits, 0);
    for (size_t i = 0; i < f.palette.size(); ++i) {
        table[i * 3] = f.palette[i].r;
        table[i * 3 + 1] = f.palette[i].g;
        table[i * 3 + 2] = f.palette[i].b;
    }
    put(table.data(), table.size());
    put(f.lzw.data(), f.lzw.size());
    ++frames_;
}

void GifFileWriter::put(const void* data, size_t size) {
    if (std::fwrite(data, 1, size, file_) != size) throw Error("writing " + path_ + ": " + std::strerror(errno));
    bytes_ += int64_t(size);
}

void GifFileWriter::put16(int v) {
    const uint8_t b[2] = {uint8_t(v & 0xff), uint8_t((v >> 8) & 0xff)};
    put(b, 2);
}

}  // namespace clipnote::gif
