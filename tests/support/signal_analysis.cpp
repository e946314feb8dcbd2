#include "support/signal_analysis.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>
#include <stdexcept>

namespace clipnote::test {
namespace {

// In-place iterative radix-2 FFT; data.size() must be a power of two.
void fft(std::vector<std::complex<double>>& data) {
    const size_t n = data.size();
    for (size_t i = 1, j = 0; i < n; ++i) {  // bit-reversal permutation
        size_t bit = n >> 1;
        for (; j & bit; bit >>= 1) j ^= bit;
        j ^= bit;
        if (i < j) std::swap(data[i], data[j]);
    }
    for (size_t len = 2; len <= n; len <<= 1) {
        const double angle = -2 * std::numbers::pi / static_cast<double>(len);
        const std::complex<double> w_len(std::cos(angle), std::sin(angle));
        for (size_t i = 0; i < n; i += len) {
            std::complex<double> w(1);
            for (size_t k = 0; k < len / 2; ++k) {
                auto u = data[i + k], v = data[i + k + len / 2] * w;
                data[i + k] = u + v;
                data[i + k + len / 2] = u - v;
                w *= w_len;
            }
        }
    }
}

double to_dbfs(double mean_square) {
    return mean_square > 0 ? std::max(kSilenceDbfs, 10 * std::log10(mean_square)) : kSilenceDbfs;
}

}  // namespace

double dominant_frequency_hz(const std::vector<float>& samples, int sample_rate, double min_hz,
                             double max_hz) {
    if (samples.size() < 256) throw std::invalid_argument("dominant_frequency_hz: too few samples");
    if (sample_rate <= 0) throw std::invalid_argument("dominant_frequency_hz: bad sample rate");
    // Welch: average the power spectra of half-overlapping Hann-windowed segments, each
    // zero-padded 4x so the peak is sampled finely enough to interpolate.
    size_t seg = 256;
    while (seg * 2 <= std::min<size_t>(samples.size(), 8192)) seg *= 2;
    const size_t n = seg * 4;
    std::vector<double> window(seg), power(n / 2 + 1, 0.0);
    for (size_t i = 0; i < seg; ++i)
        window[i] = 0.5 - 0.5 * std::cos(2 * std::numbers::pi * static_cast<double>(i) /
                                         static_cast<double>(seg));
    std::vector<std::complex<double>> buf(n);
    // Half-overlapping segments, but at most 32 spread over the signal: a long recording costs
    // no more than a few seconds of it (debug and sanitizer builds run this too).
    const size_t available = (samples.size() - seg) / (seg / 2) + 1;
    const size_t count = std::min<size_t>(available, 32);
    for (size_t s = 0; s < count; ++s) {
        const size_t start = count > 1 ? s * (samples.size() - seg) / (count - 1) : 0;
        std::fill(buf.begin(), buf.end(), std::complex<double>(0));
        for (size_t i = 0; i < seg; ++i) buf[i] = samples[start + i] * window[i];
        fft(buf);
        for (size_t k = 0; k < power.size(); ++k) power[k] += std::norm(buf[k]);
    }

    const double bin_hz = static_cast<double>(sample_rate) / static_cast<double>(n);
    auto lo = static_cast<size_t>(std::max(1.0, std::ceil(min_hz / bin_hz)));
    auto hi = std::min(power.size() - 2, static_cast<size_t>(std::floor(max_hz / bin_hz)));
    if (lo > hi) throw std::invalid_argument("dominant_frequency_hz: empty frequency range");
    size_t peak = lo;
    for (size_t k = lo; k <= hi; ++k)
        if (power[k] > power[peak]) peak = k;
    if (power[peak] <= 0) return 0;
    // Parabola through the log power of the peak and its neighbours locates the true maximum
    // between bins.
    double a = std::log(power[peak - 1] + 1e-300), b = std::log(power[peak]),
           c = std::log(power[peak + 1] + 1e-300);
    double denom = a - 2 * b + c;
    double offset = denom != 0 ? std::clamp(0.5 * (a - c) / denom, -0.5, 0.5) : 0.0;
    return (static_cast<double>(peak) + offset) * bin_hz;
}

double rms_dbfs(const std::vector<float>& samples, size_t begin, size_t end) {
    end = std::min(end, samples.size());
    if (begin >= end) return kSilenceDbfs;
    double sum = 0;
    for (size_t i = begin; i < end; ++i) sum += static_cast<double>(samples[i]) * samples[i];
    return to_dbfs(sum / static_cast<double>(end - begin));
}

std::vector<double> audio_onsets_s(const AudioTrack& track, double threshold_dbfs,
                                   double min_gap_s) {
    std::vector<double> onsets;
    const auto& x = track.mono;
    if (track.sample_rate <= 0 || x.empty()) return onsets;
    const size_t win = std::max<size_t>(1, static_cast<size_t>(track.sample_rate) / 100);   // 10 ms
    const size_t hop = std::max<size_t>(1, static_cast<size_t>(track.sample_rate) / 1000);  // 1 ms
    if (x.size() < win) return onsets;
    // Prefix sums of squares make every window's RMS O(1).
    std::vector<double> energy(x.size() + 1, 0.0);
    for (size_t i = 0; i < x.size(); ++i)
        energy[i + 1] = energy[i] + static_cast<double>(x[i]) * x[i];
    const float amplitude = static_cast<float>(std::pow(10.0, threshold_dbfs / 20));

    bool armed = false;  // becomes true once a quiet window has been seen
    double last = -1e300;
    for (size_t i = 0; i + win <= x.size(); i += hop) {
        bool loud =
            to_dbfs((energy[i + win] - energy[i]) / static_cast<double>(win)) > threshold_dbfs;
        if (!loud) {
            armed = true;
            continue;
        }
        if (!armed) continue;
        armed = false;
        size_t first = i;
        while (first < i + win - 1 && std::fabs(x[first]) < amplitude) ++first;
        double t = track.start_time_s +
                   static_cast<double>(first) / static_cast<double>(track.sample_rate);
        if (t - last >= min_gap_s) {
            onsets.push_back(t);
            last = t;
        }
    }
    return onsets;
}

std::vector<double> video_flash_times_s(const std::vector<RgbFrame>& frames, double luma_threshold,
                                        double min_gap_s) {
    std::vector<double> flashes;
    bool armed = false;  // becomes true once a dark frame has been seen
    double last = -1e300;
    for (const auto& f : frames) {
        bool bright = f.mean_luma() > luma_threshold;
        if (!bright) {
            armed = true;
            continue;
        }
        if (!armed) continue;
        armed = false;
        if (f.time_s - last >= min_gap_s) {
            flashes.push_back(f.time_s);
            last = f.time_s;
        }
    }
    return flashes;
}

int read_frame_counter(const RgbFrame& frame, int window_x, int window_y, int window_width,
                       int window_height) {
    const int w = window_width < 0 ? frame.width : window_width;
    const int h = window_height < 0 ? frame.height : window_height;
    // Geometry mirrors draw_counter() in tests/helpers/x_animator.cpp: 12 cells of W/24 x H/12.
    const double cell_w = w / 24.0, cell_h = h / 12.0;
    const double top = window_y + h - cell_h;
    int value = 0;
    for (int bit = 0; bit < 12; ++bit) {
        // Average the middle half of the cell, away from compression smear at its edges.
        const double x0 = window_x + bit * cell_w;
        double sum = 0;
        int count = 0;
        for (int y = static_cast<int>(top + cell_h * 0.25);
             y < static_cast<int>(top + cell_h * 0.75); ++y)
            for (int x = static_cast<int>(x0 + cell_w * 0.25);
                 x < static_cast<int>(x0 + cell_w * 0.75); ++x) {
                auto p = frame.pixel(x, y);
                sum += 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];
                ++count;
            }
        if (count == 0) return -1;
        double luma = sum / count;
        if (luma > 192)
            value |= 1 << bit;
        else if (luma >= 64)
            return -1;
    }
    return value;
}

}  // namespace clipnote::test
