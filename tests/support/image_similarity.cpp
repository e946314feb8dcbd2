// luma_ssim: SSIM over non-overlapping 8x8 windows of BT.601 luma.
#include <stdexcept>
#include <vector>

#include "support/media_probe.h"

namespace clipnote::test {

namespace {
std::vector<double> luma(const RgbFrame& f) {
    std::vector<double> y(size_t(f.width) * size_t(f.height));
    for (size_t i = 0; i < y.size(); ++i)
        y[i] = 0.299 * f.rgb[i * 3] + 0.587 * f.rgb[i * 3 + 1] + 0.114 * f.rgb[i * 3 + 2];
    return y;
}
}  // namespace

double luma_ssim(const RgbFrame& a, const RgbFrame& b) {
    if (a.width != b.width || a.height != b.height) throw std::runtime_error("luma_ssim: pictures differ in size");
    const std::vector<double> ya = luma(a), yb = luma(b);
    constexpr double c1 = (0.01 * 255) * (0.01 * 255), c2 = (0.03 * 255) * (0.03 * 255);
    double total = 0;
    int windows = 0;
    for (int y0 = 0; y0 + 8 <= a.height; y0 += 8) {
        for (int x0 = 0; x0 + 8 <= a.width; x0 += 8) {
            double ma = 0, mb = 0;
            for (int y = y0; y < y0 + 8; ++y)
                for (int x = x0; x < x0 + 8; ++x) {
                    ma += ya[size_t(y) * size_t(a.width) + size_t(x)];
                    mb += yb[size_t(y) * size_t(a.width) + size_t(x)];
                }
            ma /= 64;
            mb /= 64;
            double va = 0, vb = 0, cov = 0;
            for (int y = y0; y < y0 + 8; ++y)
                for (int x = x0; x < x0 + 8; ++x) {
                    const double da = ya[size_t(y) * size_t(a.width) + size_t(x)] - ma;
                    const double db = yb[size_t(y) * size_t(a.width) + size_t(x)] - mb;
                    va += da * da;
                    vb += db * db;
                    cov += da * db;
                }
            va /= 63;
            vb /= 63;
            cov /= 63;
            total += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
            ++windows;
        }
    }
    return windows ? total / windows : 1.0;
}

}  // namespace clipnote::test
