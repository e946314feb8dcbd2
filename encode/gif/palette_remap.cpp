#include "encode/gif/palette_remap.h"

#include <algorithm>
#include <array>
#include <limits>
#include <memory>

namespace clipnote::gif {

namespace {

constexpr int kCellBits = 5;  // cells of 32 levels per channel: 8^3 of them
constexpr int kCellsPerSide = 256 >> kCellBits;

int squared(int v) { return v * v; }

int distance(int r, int g, int b, const Rgb& c) { return squared(r - c.r) + squared(g - c.g) + squared(b - c.b); }

// Squared distance from `v` to the nearest and the farthest level of the cell [lo, lo + size).
int nearest_in_cell(int v, int lo) { return v < lo ? squared(lo - v) : v >= lo + (1 << kCellBits) ? squared(v - (lo + (1 << kCellBits) - 1)) : 0; }
int farthest_in_cell(int v, int lo) { return std::max(squared(v - lo), squared(v - (lo + (1 << kCellBits) - 1))); }

class CellCandidates {
public:
    CellCandidates(const std::vector<Rgb>& palette, int transparent) : palette_(palette), transparent_(transparent) {
        first_.assign(size_t(kCellsPerSide) * kCellsPerSide * kCellsPerSide, -1);
    }

    int nearest(int r, int g, int b) {
        const size_t cell = (size_t(r >> kCellBits) * kCellsPerSide + size_t(g >> kCellBits)) * kCellsPerSide + size_t(b >> kCellBits);
        if (first_[cell] < 0) fill(cell, r >> kCellBits << kCellBits, g >> kCellBits << kCellBits, b >> kCellBits << kCellBits);
        int best = -1, best_d = std::numeric_limits<int>::max();
        for (int k = first_[cell]; k < first_[cell] + count_[cell]; ++k) {
            const Candidate& e = entries_[size_t(k)];
            if (e.nearest_in_cell > best_d) break;  // this one and the rest are farther
            const int i = e.index;
            const int d = distance(r, g, b, palette_[size_t(i)]);
            if (d < best_d || (d == best_d && i < best)) best_d = d, best = i;  // ties: the lower index, whatever the cell size
        }
        return best;
    }

private:
    // An entry can be nearest somewhere in the cell only if its nearest point of the cell is no
    // farther than the best any entry can promise for the whole cell (its farthest point).
    void fill(size_t cell, int r0, int g0, int b0) {
        int promise = std::numeric_limits<int>::max();
        for (int i = 0; i < int(palette_.size()); ++i) {
            if (i == transparent_) continue;
            const Rgb& c = palette_[size_t(i)];
            promise = std::min(promise, farthest_in_cell(c.r, r0) + farthest_in_cell(c.g, g0) + farthest_in_cell(c.b, b0));
        }
        first_[cell] = int(entries_.size());
        for (int i = 0; i < int(palette_.size()); ++i) {
            if (i == transparent_) continue;
            const Rgb& c = palette_[size_t(i)];
            const int d = nearest_in_cell(c.r, r0) + nearest_in_cell(c.g, g0) + nearest_in_cell(c.b, b0);
            if (d <= promise) entries_.push_back({d, uint8_t(i)});
        }
        // Nearest first, so a pixel's search stops at the first entry that cannot beat its best.
        std::sort(entries_.begin() + first_[cell], entries_.end(), [](const Candidate& a, const Candidate& b) { return a.nearest_in_cell < b.nearest_in_cell; });
        count_[cell] = uint16_t(int(entries_.size()) - first_[cell]);
    }

    const std::vector<Rgb>& palette_;
    int transparent_;
    std::vector<int> first_;  // per cell: where its candidates start in entries_, -1: not yet known
    std::array<uint16_t, kCellsPerSide * kCellsPerSide * kCellsPerSide> count_{};
    struct Candidate {
        int nearest_in_cell;  // squared distance to the cell's nearest point
        uint8_t index;
    };
    std::vector<Candidate> entries_;
};

}  // namespace

void remap_to_palette(const DitherArea& area, std::vector<Rgb>& palette, int transparent, std::vector<uint8_t>& indices) {
    const size_t n = size_t(area.width) * size_t(area.height);
    indices.resize(n);
    auto cells = std::make_unique<CellCandidates>(palette, transparent);
    struct Sum {
        uint64_t r = 0, g = 0, b = 0, n = 0;
    };
    std::vector<Sum> sums(palette.size());
    for (size_t i = 0; i < n; ++i) {
        const uint8_t* p = area.rgba + i * 4;
        if (p[3] == 0 && transparent >= 0) {
            indices[i] = uint8_t(transparent);
            continue;
        }
        const int c = cells->nearest(p[0], p[1], p[2]);
        indices[i] = uint8_t(c);
        Sum& s = sums[size_t(c)];
        s.r += p[0], s.g += p[1], s.b += p[2], ++s.n;
    }
    for (size_t i = 0; i < palette.size(); ++i) {
        const Sum& s = sums[i];
        if (s.n == 0) continue;
        palette[i] = {uint8_t((s.r + s.n / 2) / s.n), uint8_t((s.g + s.n / 2) / s.n), uint8_t((s.b + s.n / 2) / s.n)};
    }
}

}  // namespace clipnote::gif
