#include "encode/click_rings.h"

#include <algorithm>
#include <cmath>

namespace clipnote {

namespace {
// RGB (255, 196, 0) in BT.601 limited range, as the recording's pictures are.
constexpr uint8_t kY = 180, kU = 33, kV = 168;
}

void draw_click_rings(AVFrame& f, const std::vector<ClickRing>& rings) {
    for (const ClickRing& r : rings) {
        const double age = std::clamp(r.age, 0.0, 1.0);
        const double radius = 14 + 10 * age;
        const double half_width = 3.0 - 1.5 * age;
        const int reach = int(std::ceil(radius + half_width));
        for (int y = std::max(0, r.y - reach); y <= std::min(f.height - 1, r.y + reach); ++y) {
            for (int x = std::max(0, r.x - reach); x <= std::min(f.width - 1, r.x + reach); ++x) {
                const double d = std::hypot(x - r.x, y - r.y);
                if (std::abs(d - radius) > half_width) continue;
                f.data[0][y * f.linesize[0] + x] = kY;
                // Chroma is shared by 2x2 pixels: colour the block of every ring pixel.
                f.data[1][(y / 2) * f.linesize[1] + x / 2] = kU;
                f.data[2][(y / 2) * f.linesize[2] + x / 2] = kV;
            }
        }
    }
}

}  // namespace clipnote
