#pragma once
// Writes a looping GIF89a file frame by frame: each frame a rectangle of the canvas with its own
// colour table, an optional transparent index (pixels that keep what the previous frames drew)
// and a delay. A frame is held back until the next one arrives, so that an unchanged next frame
// can lengthen its delay instead of being written.
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "encode/gif/lzw_encoder.h"

namespace clipnote::gif {

struct Rect {
    int x = 0, y = 0, width = 0, height = 0;
    bool empty() const { return width <= 0 || height <= 0; }
};

struct GifFrame {
    Rect rect;
    std::vector<Rgb> palette;        // up to 256 colours
    int transparent = -1;            // index, or -1
    std::vector<uint8_t> lzw;        // from lzw_encode(), with the same palette size
    int delay_cs = 0;
};

class GifFileWriter {
public:
    // Creates `path` (truncating it). Throws Error when it cannot.
    GifFileWriter(const std::string& path, int width, int height);
    ~GifFileWriter();
    GifFileWriter(const GifFileWriter&) = delete;
    GifFileWriter& operator=(const GifFileWriter&) = delete;

    // Holds `frame` back and writes the one before it.
    void add(GifFrame frame);
    // Lengthens the held frame: the picture did not change.
    void extend(int delay_cs);
    // Writes the held frame and the trailer; throws Error on a write failure (a full disk).
    void finish();
    int64_t bytes_written() const { return bytes_; }
    int frames_written() const { return frames_; }

private:
    void write_frame(const GifFrame& f);
    void put(const void* data, size_t size);
    void put16(int v);

    std::string path_;
    std::FILE* file_ = nullptr;
    std::unique_ptr<GifFrame> held_;
    int64_t bytes_ = 0;
    int frames_ = 0;
};

// Colour table bits a palette of `colours` entries needs (1..8); the table has 2^bits entries.
int palette_bits(size_t colours);

}  // namespace clipnote::gif
