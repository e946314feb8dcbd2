#include "encode/gif/gif_size_fit.h"

#include <algorithm>
#include <cmath>

namespace clipnote::gif {

namespace {

constexpr int kMinFps = 10;
constexpr int kMinWidth = 160;
constexpr int kMinQuality = 40;
// bytes ~ fps^kFpsExponent * width^kWidthExponent * quality factor (measured on the bench's camera,
// movie and screen clips; the probe encode in gif_export.cpp corrects it per clip).
constexpr double kFpsExponent = 0.8;
constexpr double kWidthExponent = 1.8;

// Bytes relative to quality 80 (same clip, fps and width), measured likewise.
double quality_factor(int q) { return std::pow(std::clamp(q, 1, 100) / 80.0, 1.2); }

}  // namespace

GifSettings plan_to_fit(const GifSettings& used, int64_t bytes, int64_t target) {
    GifSettings s = used;
    if (bytes <= target || bytes <= 0) return s;
    double need = double(target) / double(bytes);  // the factor still to find

    // Frames per second first: motion gets a little jerkier, every frame keeps its detail.
    if (need < 0.8 && used.fps > kMinFps) {
        const int fps = std::max(kMinFps, int(std::floor(used.fps * std::pow(need, 1 / kFpsExponent))));
        if (fps < used.fps) {
            need /= std::pow(double(fps) / used.fps, kFpsExponent);
            s.fps = fps;
        }
    }
    // Then the picture's size, down to a floor that still reads as a face or a window.
    if (need < 1) {
        const double scale = std::pow(need, 1 / kWidthExponent);
        int width = std::max(kMinWidth, int(std::lround(used.width * scale)) & ~1);
        if (width < used.width) {
            need /= std::pow(double(width) / used.width, kWidthExponent);
            s.width = width;
        }
    }
    // Then quality (more tolerance, lossier LZW, fewer colours).
    if (need < 1) {
        const double want = quality_factor(used.quality) * need;
        int q = used.quality;
        while (q > kMinQuality && quality_factor(q) > want) --q;
        if (q < used.quality) {
            need /= quality_factor(q) / quality_factor(used.quality);
            s.quality = q;
        }
    }
    return s;
}

}  // namespace clipnote::gif
