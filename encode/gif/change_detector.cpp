#include "encode/gif/change_detector.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>

namespace clipnote::gif {

namespace {
constexpr int kMaxAveraged = 8;
// Noise (deviation per channel) from which a source counts as grainy. A webcam recorded as H.264
// measures about 0 (the codec flattens the grain); the bench's film grain 12, a dim room's 15.
constexpr double kGrainyNoise = 3.0;
// Share of the picture that must change, under the tolerance, for a grainy frame to be redrawn
// exactly; once redrawn so, the share below which the next frame goes back to the tolerance. The
// gap keeps a picture whose moving part hovers around half of it from flipping, frame by frame,
// between grain that moves and grain that stands still.
constexpr double kBusyShare = 0.5;
constexpr double kStillBusyShare = 0.3;
}

ChangeDetector::ChangeDetector(int width, int height, ChangeTolerance tolerance)
    : width_(width), height_(height), tolerance_(tolerance) {
    const size_t n = size_t(width) * size_t(height);
    average_.assign(n * 3, 0);
    still_for_.assign(n, 0);
    denoised_.assign(n * 3, 0);
    reference_.assign(n * 3, 0);
    diff_.assign(n * 3, 0);
    row_sums_.assign(n * 3, 0);
    sums_.assign(n * 3, 0);
    moved_.assign(n, 0);
    mask_.assign(n, 0);
    previous_.assign(n * 3, 0);
}

void ChangeDetector::measure_noise(const uint8_t* rgba) {
    // The median absolute difference between two frames, per channel; for noise of deviation s
    // the difference has deviation s*sqrt(2) and its median absolute value 0.674 times that.
    const size_t n = size_t(width_) * size_t(height_);
    double worst = 0;
    for (size_t c = 0; c < 3; ++c) {
        std::array<uint32_t, 256> histogram{};
        for (size_t i = 0; i < n; ++i) ++histogram[size_t(std::abs(int(rgba[i * 4 + c]) - int(previous_[i * 3 + c])))];
        size_t seen = 0, median = 0;
        while (median < 255 && (seen += histogram[median]) < n / 2) ++median;
        worst = std::max(worst, median / (0.674 * std::sqrt(2.0)));
    }
    noise_ = noise_ == 0 ? worst : 0.7 * noise_ + 0.3 * worst;
    for (size_t i = 0; i < n; ++i)
        for (size_t c = 0; c < 3; ++c) previous_[i * 3 + c] = rgba[i * 4 + c];
}

void ChangeDetector::box_sums(const std::vector<int16_t>& diff) {
    // Horizontal then vertical 3-sums; the border repeats its edge pixel.
    const int w = width_, h = height_;
    for (int y = 0; y < h; ++y) {
        const int16_t* d = &diff[size_t(y) * size_t(w) * 3];
        int32_t* s = &row_sums_[size_t(y) * size_t(w) * 3];
        for (int x = 0; x < w; ++x) {
            const int l = std::max(x - 1, 0), r = std::min(x + 1, w - 1);
            for (int c = 0; c < 3; ++c) s[x * 3 + c] = d[l * 3 + c] + d[x * 3 + c] + d[r * 3 + c];
        }
    }
    for (int y = 0; y < h; ++y) {
        const int32_t* up = &row_sums_[size_t(std::max(y - 1, 0)) * size_t(w) * 3];
        const int32_t* mid = &row_sums_[size_t(y) * size_t(w) * 3];
        const int32_t* down = &row_sums_[size_t(std::min(y + 1, h - 1)) * size_t(w) * 3];
        int32_t* out = &sums_[size_t(y) * size_t(w) * 3];
        for (int i = 0; i < w * 3; ++i) out[i] = up[i] + mid[i] + down[i];
    }
}

void ChangeDetector::exceeding(const std::vector<int16_t>& diff, Limits limits, std::vector<uint8_t>& out) {
    box_sums(diff);
    const int w = width_, h = height_;
    const int sum_limit = limits.mean * 9, line_limit = limits.line * 3;
    for (int y = 0; y < h; ++y) {
        const size_t row = size_t(y) * size_t(w), up = size_t(std::max(y - 1, 0)) * size_t(w), down = size_t(std::min(y + 1, h - 1)) * size_t(w);
        for (int x = 0; x < w; ++x) {
            const size_t i = row + size_t(x);
            bool over = false;
            for (size_t c = 0; c < 3 && !over; ++c) {
                const int column = diff[(up + size_t(x)) * 3 + c] + diff[i * 3 + c] + diff[(down + size_t(x)) * 3 + c];
                over = std::abs(sums_[i * 3 + c]) > sum_limit || std::abs(diff[i * 3 + c]) > limits.peak ||
                       std::abs(row_sums_[i * 3 + c]) > line_limit || std::abs(column) > line_limit;
            }
            out[i] = over;
        }
    }
}

void ChangeDetector::drop_specks(int keep_above) {
    // A changed pixel with fewer than two changed neighbours is grain (or a codec's speck) more
    // often than content, and would stretch the frame's rectangle across the picture: leave it
    // unless it changed a lot. Real change comes in patches. Counted on the mask as it was: dropped
    // while counting, a thin line would go pixel by pixel, each end leaving the next one an end.
    const int w = width_, h = height_;
    specks_.clear();
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
            const size_t i = index(x, y);
            if (!mask_[i]) continue;
            int neighbours = 0;
            for (int dy = -1; dy <= 1; ++dy)
                for (int dx = -1; dx <= 1; ++dx) {
                    const int nx = x + dx, ny = y + dy;
                    if ((dx || dy) && nx >= 0 && ny >= 0 && nx < w && ny < h) neighbours += mask_[index(nx, ny)] != 0;
                }
            if (neighbours >= 2) continue;
            int largest = 0;
            for (size_t c = 0; c < 3; ++c) largest = std::max(largest, std::abs(int(diff_[i * 3 + c])));
            if (largest <= keep_above) specks_.push_back(i);
        }
    }
    for (size_t i : specks_) mask_[i] = 0;
}

ChangeDetector::Limits ChangeDetector::noise_limits() const {
    // Limits a noise-free difference would not cross: ~3.5 deviations of a 3x3 mean (a ninth of
    // the variance) and of a 3-pixel line's (a third), ~4 of a single pixel.
    return {int(std::lround(3.5 * noise_ / 3)), int(std::lround(3.5 * noise_ / std::sqrt(3.0))), int(std::lround(4 * noise_))};
}

void ChangeDetector::denoise(const uint8_t* rgba) {
    const size_t n = size_t(width_) * size_t(height_);
    const Limits noise = noise_limits();

    // Motion: the source against its running average. Twice the tolerance: the average is
    // steadier than the source, whose noise counts in full here.
    for (size_t i = 0; i < n * 3; ++i) diff_[i] = int16_t(rgba[(i / 3) * 4 + i % 3] - (average_[i] + 8) / 16);
    exceeding(diff_, {std::max(2 * tolerance_.mean, noise.mean), std::max(2 * tolerance_.line, noise.line), std::max(2 * tolerance_.peak, noise.peak)},
              moved_);

    // The running average: restarted where it moved, else one more frame averaged in.
    for (size_t i = 0; i < n; ++i) {
        if (moved_[i]) still_for_[i] = 1;
        else if (still_for_[i] < kMaxAveraged) ++still_for_[i];
        for (size_t c = 0; c < 3; ++c) {
            int16_t& a = average_[i * 3 + c];
            const int src = rgba[i * 4 + c] * 16;
            a = moved_[i] ? int16_t(src) : int16_t(a + (src - a) / still_for_[i]);
            denoised_[i * 3 + c] = uint8_t((a + 8) / 16);
        }
    }
}

Rect ChangeDetector::find_changes(const uint8_t* rgba) {
    const size_t n = size_t(width_) * size_t(height_);
    if (first_) {
        first_ = false;
        for (size_t i = 0; i < n; ++i) {
            for (size_t c = 0; c < 3; ++c) {
                average_[i * 3 + c] = int16_t(rgba[i * 4 + c] * 16);
                denoised_[i * 3 + c] = rgba[i * 4 + c];
            }
            still_for_[i] = 1;
        }
        std::fill(mask_.begin(), mask_.end(), 1);
        for (size_t i = 0; i < n; ++i)
            for (size_t c = 0; c < 3; ++c) previous_[i * 3 + c] = rgba[i * 4 + c];
        return {0, 0, width_, height_};
    }
    measure_noise(rgba);
    if (tolerance_.denoise) {
        denoise(rgba);
    } else {
        for (size_t i = 0; i < n; ++i)
            for (size_t c = 0; c < 3; ++c) denoised_[i * 3 + c] = rgba[i * 4 + c];
    }
    const Limits noise = tolerance_.denoise ? noise_limits() : Limits{};

    // What to draw: the denoised picture against what the GIF shows.
    for (size_t i = 0; i < n * 3; ++i) diff_[i] = int16_t(denoised_[i] - reference_[i]);
    // The average of up to 8 frames keeps about a third of the noise.
    int peak = std::max(tolerance_.peak, noise.peak / 2);
    exceeding(diff_, {std::max(tolerance_.mean, noise.mean / 2), std::max(tolerance_.line, noise.line / 2), peak}, mask_);
    // Grain kept (see the header): when most of a grainy picture changes anyway, the tolerance
    // saves little and leaves frozen grain, so the frame is drawn exactly.
    exact_ = !tolerance_.denoise && noise_ >= kGrainyNoise &&
             double(std::count(mask_.begin(), mask_.end(), uint8_t(1))) > (exact_ ? kStillBusyShare : kBusyShare) * double(n);
    if (exact_) {
        peak = 0;
        exceeding(diff_, {0, 0, 0}, mask_);
    }
    drop_specks(2 * peak);
    int x0 = width_, y0 = height_, x1 = -1, y1 = -1;
    for (int y = 0; y < height_; ++y) {
        const uint8_t* m = &mask_[index(0, y)];
        for (int x = 0; x < width_; ++x) {
            if (!m[x]) continue;
            x0 = std::min(x0, x);
            x1 = std::max(x1, x);
            y0 = std::min(y0, y);
            y1 = std::max(y1, y);
        }
    }
    if (x1 < 0) return {};
    return {x0, y0, x1 - x0 + 1, y1 - y0 + 1};
}

void ChangeDetector::drawn(int x, int y) {
    const size_t i = index(x, y) * 3;
    std::copy(&denoised_[i], &denoised_[i] + 3, &reference_[i]);
}

}  // namespace clipnote::gif
