#pragma once
// Draws the webcam as a round "bubble" with a thin white rim in a corner of the screen picture,
// before encoding. Blends directly on the yuv420p planes with an antialiased circular mask.
#include <string>
#include <vector>

#include "common/av_ptr.h"

namespace clipnote {

enum class Corner { top_left, top_right, bottom_left, bottom_right };

struct BubbleSpec {
    Corner corner = Corner::bottom_right;
    double size_fraction = 0.25;  // diameter as a fraction of the picture height
};

// Parses "CORNER[,SIZE]": CORNER one of tl tr bl br (or top-left ...), SIZE a percentage of the
// screen height ("25%" or "25") or pixels ("200px"). Throws Error otherwise.
BubbleSpec parse_bubble(const std::string& text, int picture_height);

class BubbleCompositor {
public:
    BubbleCompositor(const BubbleSpec& spec, int picture_width, int picture_height);
    ~BubbleCompositor();
    BubbleCompositor(const BubbleCompositor&) = delete;
    BubbleCompositor& operator=(const BubbleCompositor&) = delete;

    void update_camera(const AVFrame& camera);
    // Blends the latest camera picture into `picture` (yuv420p); nothing before the first one.
    void draw(AVFrame& picture) const;

    int diameter() const { return diameter_; }
    int x() const { return x_; }
    int y() const { return y_; }

private:
    int diameter_, x_, y_;
    std::vector<float> luma_alpha_, chroma_alpha_;  // 0..1, camera weight per pixel
    std::vector<float> luma_rim_, chroma_rim_;      // 0..1, white rim weight per pixel
    FramePtr camera_;
    SwsContext* sws_ = nullptr;
};

}  // namespace clipnote
