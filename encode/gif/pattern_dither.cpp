#include "encode/gif/pattern_dither.h"

#include <algorithm>
#include <array>
#include <limits>
#include <memory>

namespace clipnote::gif {

namespace {

constexpr int kPlanLength = 8;

// The 8x8 Bayer matrix: 0..63, each threshold once, neighbours far apart.
int bayer8(int x, int y) {
    int v = 0;
    for (int bit = 0; bit < 3; ++bit) v = (v << 2) | ((((x ^ y) >> bit) & 1) << 1) | ((y >> bit) & 1);
    return v;
}

int luma(const Rgb& c) { return 299 * c.r + 587 * c.g + 114 * c.b; }

// Nearest palette entry for a colour, remembered for the frame: a frame has far fewer distinct
// colours than pixels, and the palette is searched in full only once for each.
class NearestColour {
public:
    NearestColour(const std::vector<Rgb>& palette, int transparent) : palette_(palette), transparent_(transparent) {
        keys_.assign(kSlots, 0);
    }
    int operator()(int r, int g, int b) {
        const uint32_t key = (uint32_t(r) << 16 | uint32_t(g) << 8 | uint32_t(b)) + 1;  // 0 = empty slot
        uint32_t slot = (key * 2654435761u) >> (32 - kBits);
        for (int probe = 0; probe < 16; ++probe, slot = (slot + 1) & (kSlots - 1)) {
            if (keys_[slot] == key) return values_[slot];
            if (keys_[slot] == 0) {
                const int found = search(r, g, b);
                keys_[slot] = key;
                values_[slot] = uint8_t(found);
                return found;
            }
        }
        return search(r, g, b);  // a crowded neighbourhood: not remembered
    }

private:
    static constexpr int kBits = 16;
    static constexpr uint32_t kSlots = 1u << kBits;
    int search(int r, int g, int b) const {
        int best = 0, best_d = std::numeric_limits<int>::max();
        for (int i = 0; i < int(palette_.size()); ++i) {
            if (i == transparent_) continue;
            const Rgb& c = palette_[size_t(i)];
            const int dr = r - c.r, dg = g - c.g, db = b - c.b;
            const int d = 2 * dr * dr + 4 * dg * dg + 3 * db * db;  // green counts most, blue least
            if (d < best_d) best_d = d, best = i;
        }
        return best;
    }
    const std::vector<Rgb>& palette_;
    int transparent_;
    std::vector<uint32_t> keys_;
    std::array<uint8_t, kSlots> values_{};
};

}  // namespace

void pattern_dither(const DitherArea& a, const std::vector<Rgb>& palette, int transparent, float strength,
                    std::vector<uint8_t>& indices) {
    indices.resize(size_t(a.width) * size_t(a.height));
    auto nearest = std::make_unique<NearestColour>(palette, transparent);
    std::array<uint8_t, kPlanLength> plan{};
    for (int y = 0; y < a.height; ++y) {
        for (int x = 0; x < a.width; ++x) {
            const size_t i = size_t(y) * size_t(a.width) + size_t(x);
            const uint8_t* p = a.rgba + i * 4;
            if (p[3] == 0 && transparent >= 0) {
                indices[i] = uint8_t(transparent);
                continue;
            }
            // Each step aims past the colour by the error so far, so the plan's mean approaches it.
            int er = 0, eg = 0, eb = 0;
            for (int k = 0; k < kPlanLength; ++k) {
                const int c = (*nearest)(std::clamp(p[0] + int(er * strength), 0, 255), std::clamp(p[1] + int(eg * strength), 0, 255),
                                      std::clamp(p[2] + int(eb * strength), 0, 255));
                plan[size_t(k)] = uint8_t(c);
                const Rgb& chosen = palette[size_t(c)];
                er += p[0] - chosen.r;
                eg += p[1] - chosen.g;
                eb += p[2] - chosen.b;
            }
            std::sort(plan.begin(), plan.end(), [&](uint8_t l, uint8_t r) { return luma(palette[l]) < luma(palette[r]); });
            indices[i] = plan[size_t(bayer8(a.origin_x + x, a.origin_y + y) * kPlanLength / 64)];
        }
    }
}

}  // namespace clipnote::gif
