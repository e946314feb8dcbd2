#include "support/media_types.h"

#include <stdexcept>
#include <string>

namespace clipnote::test {

std::array<uint8_t, 3> RgbFrame::pixel(int x, int y) const {
    if (x < 0 || y < 0 || x >= width || y >= height)
        throw std::out_of_range("RgbFrame::pixel(" + std::to_string(x) + ", " + std::to_string(y) +
                                ") outside " + std::to_string(width) + "x" +
                                std::to_string(height));
    const uint8_t* p =
        rgb.data() +
        (static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(x)) * 3;
    return {p[0], p[1], p[2]};
}

double RgbFrame::mean_luma() const {
    if (rgb.empty()) return 0;
    // Integer weights (x1000) keep the sum exact and fast over millions of pixels.
    uint64_t sum = 0;
    for (size_t i = 0; i + 2 < rgb.size(); i += 3)
        sum += 299u * rgb[i] + 587u * rgb[i + 1] + 114u * rgb[i + 2];
    return static_cast<double>(sum) / 1000.0 / static_cast<double>(rgb.size() / 3);
}

}  // namespace clipnote::test
