#include "encode/encoder_ladder.h"

#include <algorithm>

namespace clipnote {

namespace {

// x264's presets, slowest first, and the rc-lookahead each of them sets.
const std::vector<std::string> kPresets = {"placebo", "veryslow", "slower", "slow",      "medium",
                                           "fast",    "faster",   "veryfast", "superfast", "ultrafast"};
const std::vector<int> kLookahead = {60, 60, 60, 50, 40, 30, 20, 10, 0, 0};
// x264 lowers the chroma QP offset (a PPS field) by 2 where psy-RD is active, i.e. from subme 6
// (preset "fast") on; those rungs ask for +2 so that every rung writes the same PPS.
const std::vector<bool> kPsyRd = {true, true, true, true, true, true, false, false, false, false};

}  // namespace

std::vector<std::string> presets_from(const std::string& preset) {
    auto it = std::find(kPresets.begin(), kPresets.end(), preset);
    if (it == kPresets.end()) return {preset};
    return {it, kPresets.end()};
}

std::string pinned_x264_params(const std::string& preset, int threads) {
    const auto it = std::find(kPresets.begin(), kPresets.end(), preset);
    const size_t i = size_t(it - kPresets.begin());
    const int lookahead = it == kPresets.end() ? 10 : std::min(10, kLookahead[i]);
    const bool psy_rd = it != kPresets.end() && kPsyRd[i];
    return "bframes=0:ref=1:weightp=0:cabac=1:8x8dct=1:sliced-threads=1:rc-lookahead=" + std::to_string(lookahead) +
           (psy_rd ? ":chroma-qp-offset=2" : "") + ":threads=" + std::to_string(std::clamp(threads, 1, 8));
}

int BacklogMonitor::rungs_to_step(size_t waiting, int64_t busy_us, int64_t now_us) {
    // A source that blocks while the pipeline is busy (a synthetic one, a file) never lets
    // pictures pile up: there, every picture taking longer than a period is the sign.
    const bool slow = busy_us > period_us_;
    if (waiting < 2 && !slow) {
        if (waiting == 0) behind_since_us_ = -1;
        return 0;
    }
    if (behind_since_us_ < 0) behind_since_us_ = now_us;
    // After a step, give the new encoder a moment to show what it can do.
    if (now_us - behind_since_us_ < 200'000 || now_us - last_step_us_ < 300'000) return 0;
    behind_since_us_ = -1;
    last_step_us_ = now_us;
    int rungs = 1;
    for (int64_t load = busy_us / std::max<int64_t>(1, period_us_); load >= 4; load /= 2) ++rungs;
    return rungs;
}

}  // namespace clipnote
