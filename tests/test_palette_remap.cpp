// The GIF encoder's nearest-colour remap (encode/gif/palette_remap.h): every pixel gets exactly
// the entry a full search would pick, transparency is kept apart, and each used entry then moves
// to the mean of its pixels.
#include <doctest/doctest.h>

#include <limits>
#include <random>
#include <vector>

#include "encode/gif/palette_remap.h"

using namespace clipnote::gif;

namespace {

int full_search(const uint8_t* p, const std::vector<Rgb>& palette, int transparent) {
    int best = -1, best_d = std::numeric_limits<int>::max();
    for (int i = 0; i < int(palette.size()); ++i) {
        if (i == transparent) continue;
        const Rgb& c = palette[size_t(i)];
        const int d = (p[0] - c.r) * (p[0] - c.r) + (p[1] - c.g) * (p[1] - c.g) + (p[2] - c.b) * (p[2] - c.b);
        if (d < best_d) best_d = d, best = i;
    }
    return best;
}

}  // namespace

TEST_CASE("palette remap: every pixel gets the entry a full search picks, on a dense palette and on a sparse one") {
    std::mt19937 random(7);
    for (int colours : {256, 200, 12}) {
        CAPTURE(colours);
        std::vector<Rgb> palette;
        // Dense in one corner (as a face's palette is) and a few far away.
        std::uniform_int_distribution<int> near(90, 150), any(0, 255);
        for (int i = 0; i < colours; ++i)
            palette.push_back(i % 8 ? Rgb{uint8_t(near(random)), uint8_t(near(random)), uint8_t(near(random))}
                                    : Rgb{uint8_t(any(random)), uint8_t(any(random)), uint8_t(any(random))});
        // Grain-like pixels (each a colour of its own), near the dense part and anywhere.
        const int w = 97, h = 61;
        std::vector<uint8_t> px;
        for (int i = 0; i < w * h; ++i) {
            const bool far = i % 5 == 0;
            px.insert(px.end(), {uint8_t(far ? any(random) : near(random)), uint8_t(far ? any(random) : near(random)),
                                 uint8_t(far ? any(random) : near(random)), 255});
        }
        std::vector<Rgb> refined = palette;
        std::vector<uint8_t> idx;
        remap_to_palette({px.data(), w, h, 0, 0}, refined, -1, idx);
        REQUIRE(idx.size() == size_t(w * h));
        int wrong = 0;
        for (int i = 0; i < w * h; ++i) {
            const int want = full_search(&px[size_t(i) * 4], palette, -1);
            const Rgb& a = palette[idx[size_t(i)]];
            const Rgb& b = palette[size_t(want)];
            // The same colour (an equally near duplicate entry would do as well).
            if (a.r != b.r || a.g != b.g || a.b != b.b) {
                const uint8_t* p = &px[size_t(i) * 4];
                const int da = (p[0] - a.r) * (p[0] - a.r) + (p[1] - a.g) * (p[1] - a.g) + (p[2] - a.b) * (p[2] - a.b);
                const int db = (p[0] - b.r) * (p[0] - b.r) + (p[1] - b.g) * (p[1] - b.g) + (p[2] - b.b) * (p[2] - b.b);
                wrong += da != db;
            }
        }
        CHECK(wrong == 0);
    }
}

TEST_CASE("palette remap: transparent pixels take the transparent entry, which no opaque pixel takes") {
    // The transparent entry's colour is the pixels' own: it must still not be chosen for them.
    std::vector<Rgb> palette{{10, 10, 10}, {0, 0, 0}, {250, 250, 250}};
    std::vector<uint8_t> px{0, 0, 0, 255, 0, 0, 0, 0, 240, 240, 240, 255, 0, 0, 0, 255};
    std::vector<uint8_t> idx;
    remap_to_palette({px.data(), 4, 1, 0, 0}, palette, 1, idx);
    CHECK(idx == std::vector<uint8_t>{0, 1, 2, 0});
}

TEST_CASE("palette remap: each used entry moves to the mean of its pixels, an unused one stays") {
    std::vector<Rgb> palette{{0, 0, 0}, {200, 200, 200}, {90, 0, 200}};
    std::vector<uint8_t> px{10, 20, 30, 255, 20, 30, 40, 255, 190, 180, 170, 255, 210, 220, 230, 255};
    std::vector<uint8_t> idx;
    remap_to_palette({px.data(), 2, 2, 0, 0}, palette, -1, idx);
    CHECK(idx == std::vector<uint8_t>{0, 0, 1, 1});
    CHECK(palette[0].r == 15);
    CHECK(palette[0].g == 25);
    CHECK(palette[0].b == 35);
    CHECK(palette[1].r == 200);
    CHECK(palette[1].g == 200);
    CHECK(palette[1].b == 200);
    CHECK(palette[2].r == 90);
    CHECK(palette[2].b == 200);
}
