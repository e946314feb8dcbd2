// The GIF encoder's ordered dither (encode/gif/pattern_dither.h) on small hand-made areas:
// exact colours stay exact, mixes follow the colour, the pattern belongs to the picture's grid
// (so a frame's sub-rectangle shows what the whole picture would), transparency is kept.
#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "encode/gif/pattern_dither.h"

using namespace clipnote::gif;

namespace {

std::vector<uint8_t> uniform(int w, int h, uint8_t r, uint8_t g, uint8_t b) {
    std::vector<uint8_t> px;
    for (int i = 0; i < w * h; ++i) px.insert(px.end(), {r, g, b, 255});
    return px;
}

const std::vector<Rgb> kBlackWhiteGrey{{0, 0, 0}, {255, 255, 255}, {128, 128, 128}};
const std::vector<Rgb> kBlackWhite{{0, 0, 0}, {255, 255, 255}};

}  // namespace

TEST_CASE("pattern dither: a colour the palette holds is drawn with it alone") {
    const auto px = uniform(16, 16, 128, 128, 128);
    std::vector<uint8_t> idx;
    pattern_dither({px.data(), 16, 16, 0, 0}, kBlackWhiteGrey, -1, 1.0f, idx);
    CHECK(std::count(idx.begin(), idx.end(), uint8_t(2)) == 256);
}

TEST_CASE("pattern dither: a colour between two entries mixes them in its proportion; strength 0 takes the nearest") {
    const auto px = uniform(16, 16, 64, 64, 64);  // a quarter of the way from black to white
    std::vector<uint8_t> idx;
    pattern_dither({px.data(), 16, 16, 0, 0}, kBlackWhite, -1, 1.0f, idx);
    const double white = double(std::count(idx.begin(), idx.end(), uint8_t(1))) / 256;
    CHECK(white == doctest::Approx(0.25).epsilon(0.2));
    // Spread out, not in blocks: every 2x2 cell of an 8x8 Bayer pattern at 1/4 has one white at most.
    for (int y = 0; y < 16; y += 2)
        for (int x = 0; x < 16; x += 2) CHECK(idx[y * 16 + x] + idx[y * 16 + x + 1] + idx[(y + 1) * 16 + x] + idx[(y + 1) * 16 + x + 1] <= 1);

    pattern_dither({px.data(), 16, 16, 0, 0}, kBlackWhite, -1, 0.0f, idx);
    CHECK(std::count(idx.begin(), idx.end(), uint8_t(0)) == 256);
}

TEST_CASE("pattern dither: the pattern belongs to the picture, so a sub-rectangle shows what the whole would") {
    // A gentle gradient that needs dithering everywhere.
    std::vector<uint8_t> whole;
    for (int y = 0; y < 24; ++y)
        for (int x = 0; x < 24; ++x) whole.insert(whole.end(), {uint8_t(40 + 6 * x), uint8_t(40 + 6 * x), uint8_t(40 + 4 * y), 255});
    std::vector<uint8_t> whole_idx;
    pattern_dither({whole.data(), 24, 24, 0, 0}, kBlackWhiteGrey, -1, 1.0f, whole_idx);

    const int ox = 3, oy = 5, w = 13, h = 11;  // not on the 8x8 grid
    std::vector<uint8_t> part;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const uint8_t* p = &whole[size_t((oy + y) * 24 + ox + x) * 4];
            part.insert(part.end(), p, p + 4);
        }
    std::vector<uint8_t> part_idx;
    pattern_dither({part.data(), w, h, ox, oy}, kBlackWhiteGrey, -1, 1.0f, part_idx);
    int differ = 0;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) differ += part_idx[size_t(y * w + x)] != whole_idx[size_t((oy + y) * 24 + ox + x)];
    CHECK(differ == 0);
    CHECK(std::count(whole_idx.begin(), whole_idx.end(), uint8_t(1)) > 0);  // it did dither
}

TEST_CASE("pattern dither: transparent pixels take the transparent entry, which nothing else takes") {
    auto px = uniform(8, 8, 250, 250, 250);
    for (int i = 0; i < 8; ++i) px[size_t(i) * 4 + 3] = 0;  // the first row
    const std::vector<Rgb> palette{{0, 0, 0}, {255, 255, 255}, {250, 250, 250}};
    std::vector<uint8_t> idx;
    pattern_dither({px.data(), 8, 8, 0, 0}, palette, 2, 1.0f, idx);  // entry 2 is the transparent one
    CHECK(std::count(idx.begin(), idx.begin() + 8, uint8_t(2)) == 8);
    CHECK(std::count(idx.begin() + 8, idx.end(), uint8_t(2)) == 0);
}
