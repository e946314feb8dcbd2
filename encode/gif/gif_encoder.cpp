#include "encode/gif/gif_encoder.h"

#include <algorithm>

#include "encode/gif/frame_quantizer.h"
#include "encode/gif/lzw_encoder.h"

namespace clipnote::gif {

GifEncoder::GifEncoder(const std::string& path, int width, int height, const GifTuning& tuning)
    : width_(width), height_(height), tuning_(tuning), writer_(path, width, height), changes_(width, height, tuning.tolerance) {}

void GifEncoder::add(const uint8_t* rgba, int delay_cs) {
    const Rect r = changes_.find_changes(rgba);
    if (r.empty()) {
        writer_.extend(delay_cs);
        return;
    }
    // The changed rectangle; inside it, unchanged pixels are transparent (alpha 0), so the palette
    // is spent on what changed and the GIF keeps showing what was there.
    crop_.resize(size_t(r.width) * size_t(r.height) * 4);
    for (int y = 0; y < r.height; ++y) {
        uint8_t* dst = &crop_[size_t(y) * size_t(r.width) * 4];
        for (int x = 0; x < r.width; ++x) {
            if (changes_.changed(r.x + x, r.y + y)) {
                const uint8_t* c = changes_.colour(r.x + x, r.y + y);
                dst[x * 4] = c[0];
                dst[x * 4 + 1] = c[1];
                dst[x * 4 + 2] = c[2];
                dst[x * 4 + 3] = 255;
            } else {
                std::fill(dst + x * 4, dst + x * 4 + 4, uint8_t(0));
            }
        }
    }
    QuantizerSettings quantizer = tuning_.quantizer;
    if (changes_.drawn_exactly()) {
        quantizer.max_colours = tuning_.grain_colours;
        quantizer.speed = tuning_.grain_speed;
        quantizer.dithering = 0;  // grain is its own dither
        quantizer.palette_sample = tuning_.grain_palette_sample;
    }
    QuantizedFrame q = quantize_frame({crop_.data(), r.width, r.height, r.x, r.y}, quantizer);

    LzwInput in;
    in.indices = q.indices.data();
    in.count = q.indices.size();
    in.min_code_size = std::max(2, palette_bits(q.palette.size()));
    in.palette = &q.palette;
    in.max_error_sq = tuning_.lossy_error_sq;
    in.transparent = q.transparent;
    std::vector<uint8_t> shown;
    GifFrame frame;
    frame.lzw = lzw_encode(in, &shown);
    // What is drawn (not transparent) becomes the reference the next frame is compared with.
    for (int y = 0; y < r.height; ++y)
        for (int x = 0; x < r.width; ++x)
            if (int(shown[size_t(y) * size_t(r.width) + size_t(x)]) != q.transparent) changes_.drawn(r.x + x, r.y + y);

    frame.rect = r;
    frame.palette = std::move(q.palette);
    frame.transparent = q.transparent;
    frame.delay_cs = delay_cs;
    writer_.add(std::move(frame));
}

void GifEncoder::finish() { writer_.finish(); }

}  // namespace clipnote::gif
