#include "encode/bubble_compositor.h"

#include <algorithm>
#include <cmath>
#include <regex>

#include "common/error.h"
#include "encode/frame_converter.h"

namespace clipnote {

namespace {

Corner parse_corner(const std::string& s) {
    if (s == "tl" || s == "top-left") return Corner::top_left;
    if (s == "tr" || s == "top-right") return Corner::top_right;
    if (s == "bl" || s == "bottom-left") return Corner::bottom_left;
    if (s == "br" || s == "bottom-right") return Corner::bottom_right;
    throw Error("bad bubble corner '" + s + "': use tl, tr, bl or br");
}

float clamp01(float v) { return std::clamp(v, 0.0f, 1.0f); }

// Masks for a circle of diameter `d` sampled on an n x n grid (n = d for luma, d/2 for chroma).
void make_masks(int d, int n, std::vector<float>& alpha, std::vector<float>& rim) {
    alpha.assign(size_t(n) * n, 0.0f);
    rim.assign(size_t(n) * n, 0.0f);
    const float scale = float(d) / float(n);
    const float radius = d / 2.0f;
    const float rim_width = std::max(2.0f, d / 60.0f);
    for (int j = 0; j < n; ++j)
        for (int i = 0; i < n; ++i) {
            const float x = (i + 0.5f) * scale - radius, y = (j + 0.5f) * scale - radius;
            const float r = std::sqrt(x * x + y * y);
            const float inside = clamp01(radius - r + 0.5f);  // 1 inside, 0 outside, ~1 px ramp
            const float in_rim = clamp01(r - (radius - rim_width) + 0.5f);
            alpha[size_t(j) * n + i] = inside * (1.0f - in_rim);
            rim[size_t(j) * n + i] = inside * in_rim;
        }
}

void blend_plane(uint8_t* dst, int dst_stride, const uint8_t* src, int src_stride, int n, const std::vector<float>& alpha,
                 const std::vector<float>& rim, uint8_t rim_value) {
    for (int j = 0; j < n; ++j)
        for (int i = 0; i < n; ++i) {
            const float a = alpha[size_t(j) * n + i], w = rim[size_t(j) * n + i];
            if (a == 0.0f && w == 0.0f) continue;
            uint8_t& d = dst[j * dst_stride + i];
            const float v = d * (1.0f - a - w) + src[j * src_stride + i] * a + rim_value * w;
            d = uint8_t(std::lround(std::clamp(v, 0.0f, 255.0f)));
        }
}

}  // namespace

BubbleSpec parse_bubble(const std::string& text, int picture_height) {
    static const std::regex pattern(R"(^([a-z-]+)(?:,(\d+(?:\.\d+)?)(%|px)?)?$)");
    std::smatch m;
    if (!std::regex_match(text, m, pattern)) throw Error("bad --bubble '" + text + "': expected CORNER,SIZE e.g. br,25%");
    BubbleSpec spec;
    spec.corner = parse_corner(m[1]);
    if (m[2].matched) {
        const double v = std::stod(m[2]);
        spec.size_fraction = (m[3] == "px") ? v / std::max(1, picture_height) : v / 100.0;
    }
    if (spec.size_fraction < 0.05 || spec.size_fraction > 1.0)
        throw Error("bad --bubble size in '" + text + "': between 5% and 100% of the screen height");
    return spec;
}

BubbleCompositor::BubbleCompositor(const BubbleSpec& spec, int w, int h) {
    diameter_ = std::max(16, int(std::lround(h * spec.size_fraction)) & ~3);
    diameter_ = std::min(diameter_, std::min(w, h) & ~3);
    const int margin = int(std::lround(h * 0.03)) & ~1;
    const bool left = spec.corner == Corner::top_left || spec.corner == Corner::bottom_left;
    const bool top = spec.corner == Corner::top_left || spec.corner == Corner::top_right;
    x_ = left ? margin : w - margin - diameter_;
    y_ = top ? margin : h - margin - diameter_;
    x_ = std::max(0, x_) & ~1;
    y_ = std::max(0, y_) & ~1;
    make_masks(diameter_, diameter_, luma_alpha_, luma_rim_);
    make_masks(diameter_, diameter_ / 2, chroma_alpha_, chroma_rim_);
}

BubbleCompositor::~BubbleCompositor() { sws_freeContext(sws_); }

void BubbleCompositor::update_camera(const AVFrame& camera) { camera_ = square_yuv420p(camera, diameter_, &sws_); }

void BubbleCompositor::draw(AVFrame& p) const {
    if (!camera_) return;
    const int cx = x_ / 2, cy = y_ / 2, cn = diameter_ / 2;
    blend_plane(p.data[0] + y_ * p.linesize[0] + x_, p.linesize[0], camera_->data[0], camera_->linesize[0], diameter_,
                luma_alpha_, luma_rim_, 235);
    for (int plane = 1; plane <= 2; ++plane)
        blend_plane(p.data[plane] + cy * p.linesize[plane] + cx, p.linesize[plane], camera_->data[plane],
                    camera_->linesize[plane], cn, chroma_alpha_, chroma_rim_, 128);
}

}  // namespace clipnote
