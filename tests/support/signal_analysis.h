// Measurements on decoded sound and pictures: the tone's pitch and level, when beeps start,
// when the screen flashes, and which frame of x_animator's "moving" mode a picture shows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "support/media_types.h"

namespace clipnote::test {

// Level of the returned dBFS values for digital silence (instead of -infinity).
inline constexpr double kSilenceDbfs = -200.0;

// The strongest frequency between min_hz and max_hz: averaged Hann-windowed spectra over the
// whole signal (so silent stretches don't matter), peak interpolated; well within +-1 Hz for a
// steady tone. Returns 0 for silence; throws std::invalid_argument for fewer than 256 samples.
double dominant_frequency_hz(const std::vector<float>& samples, int sample_rate, double min_hz = 50,
                             double max_hz = 5000);

// RMS level of samples[begin, end) relative to full scale (1.0): a full-scale square wave is
// 0 dBFS, a full-scale sine -3.01 dBFS, a -6 dBFS-peak sine -9.03 dBFS. kSilenceDbfs if empty or
// silent.
double rms_dbfs(const std::vector<float>& samples, size_t begin = 0, size_t end = SIZE_MAX);

// Times (track.start_time_s-based) where the 10 ms RMS rises above threshold_dbfs after having
// been below it, at least min_gap_s after the previous onset; each refined to the first sample
// whose magnitude reaches the threshold. Sound already playing at the first sample is not an onset.
std::vector<double> audio_onsets_s(const AudioTrack& track, double threshold_dbfs = -30,
                                   double min_gap_s = 0.3);

// Times of frames whose mean luma rises above luma_threshold after a frame below it, at least
// min_gap_s after the previous flash. Needs every frame (decode_video with step 1).
std::vector<double> video_flash_times_s(const std::vector<RgbFrame>& frames,
                                        double luma_threshold = 128, double min_gap_s = 0.3);

// Reads the frame number x_animator's "moving" mode draws in binary in its bottom strip (12 cells,
// LSB first, white = 1, see tests/helpers/x_animator.cpp). The window's rectangle is given in
// this frame's pixels (so a scaled recording works too); the default is the whole frame.
// Returns -1 if a cell is neither clearly black nor clearly white.
int read_frame_counter(const RgbFrame& frame, int window_x = 0, int window_y = 0,
                       int window_width = -1, int window_height = -1);

}  // namespace clipnote::test
