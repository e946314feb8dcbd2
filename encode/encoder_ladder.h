#pragma once
// When the encoder cannot keep up, clipnote swaps it for a faster one mid-recording instead of
// dropping frames. That only works if every rung of the ladder writes the same SPS/PPS (the MP4
// track has one sample description), so the settings that shape them are pinned: no B-frames,
// one reference, no weighted prediction, CABAC and 8x8 transforms on. Sliced threads keep the
// encoder's latency (and the memory for frames in flight) at zero, so a swap is instant.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace clipnote {

// `preset` and every faster x264 preset, fastest last ("veryfast" -> veryfast, superfast, ultrafast).
std::vector<std::string> presets_from(const std::string& preset);

// x264 settings for a rung of the ladder: the pinned ones, and a lookahead of at most 10 frames
// (a slow preset's 40-60 frame lookahead would stall the pipeline for seconds before it can be
// judged, and holds that many frames in memory).
std::string pinned_x264_params(const std::string& preset, int threads);

// Decides from the picture queue (pictures waiting for the pipeline) and the time the pipeline
// spent on the last picture that the encoder is falling behind, and by how much.
class BacklogMonitor {
public:
    explicit BacklogMonitor(int fps) : period_us_(1'000'000 / std::max(1, fps)) {}
    // Called once per picture; returns how many rungs to step down now (0: keeping up). Two or
    // more pictures waiting, or every picture taking longer than a period, for 200 ms is falling
    // behind; a picture that took 4 periods to encode asks for two rungs at once (each rung is
    // roughly twice as fast).
    int rungs_to_step(size_t waiting, int64_t busy_us, int64_t now_us);

private:
    int64_t period_us_;
    int64_t behind_since_us_ = -1;
    int64_t last_step_us_ = INT64_MIN / 2;
};

}  // namespace clipnote
