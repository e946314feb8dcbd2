#pragma once
// Decides, pixel by pixel, what a new frame has to draw over what the GIF already shows, and
// with what colour.
//  - Temporal denoising: each pixel keeps a running average of its source colour while it stays
//    still (up to 8 frames), and starts over at the new colour when it really changes. Camera
//    sensor noise averages out; motion does not, because it is judged on the 3x3 neighbourhood's
//    mean difference (noise cancels there, an edge does not).
//  - The noise level is measured from frame to frame (the median difference, which motion in a
//    part of the picture does not move) and widens the tests, so a dim, grainy camera is
//    treated like a clean one, and a clean screen recording keeps every small change.
//  - Grain kept: without denoising, a grainy source (film grain, a dim camera stored losslessly)
//    whose picture mostly changes anyway is redrawn exactly. Grain left standing under a
//    tolerance freezes into a dirty-window pattern over the moving picture, and saves few bytes
//    there; the encoder spends fewer palette colours on such frames instead (grain hides banding).
//    Once redrawn so, a picture stays so while a third of it changes, so that one whose moving
//    part hovers around half of it does not flip between moving and frozen grain.
//  - Transparency: each pixel remembers the colour it was last drawn with; a pixel whose denoised
//    colour is within the tolerance of that is left as it is (transparent in the GIF).
#include <cstdint>
#include <vector>

#include "encode/gif/gif_file_writer.h"

namespace clipnote::gif {

struct ChangeTolerance {
    int mean = 0;  // largest 3x3 mean difference (per channel) still counted as unchanged
    // Largest mean difference of a 3-pixel line across or down still counted as unchanged: a thin
    // line that moved away changes its 3x3 mean by a third only, and would stay behind.
    int line = 0;
    int peak = 0;  // largest single-pixel difference still counted as unchanged
    // Average still pixels over frames and widen the limits by the measured noise (smaller and
    // calmer, but the grain is gone). Without it, busy grainy frames are compared exactly.
    bool denoise = false;
};

class ChangeDetector {
public:
    ChangeDetector(int width, int height, ChangeTolerance tolerance);

    // Denoises `rgba` (width * height * 4, packed rows), marks the pixels that must be drawn and
    // returns their bounding rectangle (empty: nothing changed). The first frame is all changed.
    Rect find_changes(const uint8_t* rgba);
    bool changed(int x, int y) const { return mask_[index(x, y)] != 0; }
    // The denoised colour to draw at (x, y), RGB.
    const uint8_t* colour(int x, int y) const { return &denoised_[index(x, y) * 3]; }
    // (x, y) was drawn with its denoised colour: that is what the GIF now shows there.
    void drawn(int x, int y);
    // The last frame was grainy and busy, and compared with no tolerance.
    bool drawn_exactly() const { return exact_; }

private:
    size_t index(int x, int y) const { return size_t(y) * size_t(width_) + size_t(x); }
    // sums_ = the 3x3 sums of `diff` around each pixel, row_sums_ the 3x1 ones, per channel.
    void box_sums(const std::vector<int16_t>& diff);
    // Largest differences, per channel, still counted as unchanged: of the 3x3 mean, of the mean of
    // the 3-pixel line across or down through a pixel (a thin line that moved away, which the 3x3
    // mean dilutes to a third), and of a single pixel.
    struct Limits {
        int mean = 0, line = 0, peak = 0;
    };
    // Marks pixels whose `diff` exceeds `limits` into `out`.
    void exceeding(const std::vector<int16_t>& diff, Limits limits, std::vector<uint8_t>& out);
    // Unmarks changed pixels with fewer than two changed neighbours whose difference is at most
    // `keep_above`.
    void drop_specks(int keep_above);
    // The measured noise as limits.
    Limits noise_limits() const;
    // Temporal averaging of still pixels into denoised_.
    void denoise(const uint8_t* rgba);
    // Updates noise_ from the source's frame-to-frame differences.
    void measure_noise(const uint8_t* rgba);

    int width_, height_;
    ChangeTolerance tolerance_;
    bool first_ = true;
    std::vector<int16_t> average_;    // running average per channel, x16
    std::vector<uint8_t> still_for_;  // frames the average covers
    std::vector<uint8_t> denoised_;   // RGB
    std::vector<uint8_t> reference_;  // RGB the GIF shows
    std::vector<int16_t> diff_;       // signed difference per channel
    std::vector<int32_t> row_sums_, sums_;
    std::vector<uint8_t> moved_, mask_;
    std::vector<size_t> specks_;      // drop_specks' finds
    std::vector<uint8_t> previous_;   // last source frame, RGB
    double noise_ = 0;                // the source's noise, standard deviation per channel
    bool exact_ = false;
};

}  // namespace clipnote::gif
