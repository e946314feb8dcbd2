#pragma once
// The click highlight: a ring drawn into the picture where the pointer was clicked, widening and
// thinning over half a second, so a viewer sees each click. Drawn into the yuv420p picture
// before it is encoded.
#include <cstdint>
#include <functional>
#include <vector>

extern "C" {
#include <libavutil/frame.h>
}

namespace clipnote {

struct ClickRing {
    int x = 0, y = 0;  // in the picture's pixels
    double age = 0;    // 0 at the click .. 1 when it is gone
};

// How long a click's ring is shown.
constexpr int64_t kClickRingUs = 500'000;

// The rings to draw into the picture captured at `capture_us` (the shell maps clicks on the
// screen into the recorded picture).
using ClickRingSource = std::function<std::vector<ClickRing>(int64_t capture_us)>;

// The ring's colour: a saturated amber, rare on screens, RGB (255, 196, 0).
void draw_click_rings(AVFrame& yuv420p, const std::vector<ClickRing>& rings);

}  // namespace clipnote
