#include "encode/frame_converter.h"

#include <algorithm>

#include "common/av_error.h"

#include <libyuv/convert.h>

extern "C" {
#include <libavutil/pixdesc.h>
}

namespace clipnote {

FrameConverter::FrameConverter(int width, int height, AVPixelFormat format)
    : width_(width), height_(height), format_(format), out_(make_frame()) {
    out_->width = width;
    out_->height = height;
    out_->format = format;
    check_av(av_frame_get_buffer(out_.get(), 0), "allocating a video frame");
}

FrameConverter::~FrameConverter() { sws_freeContext(sws_); }

namespace {

bool is_rgb(const AVFrame& in) {
    const AVPixFmtDescriptor* d = av_pix_fmt_desc_get(AVPixelFormat(in.format));
    return d && (d->flags & AV_PIX_FMT_FLAG_RGB);
}

// True when the picture's pixels are already in (or, from RGB, become) the recorded matrix
// without a matrix change; a YUV picture tagged otherwise (a BT.709 file) needs swscale.
bool matrix_kept(const AVFrame& in) {
    return is_rgb(in) || in.colorspace == AVCOL_SPC_UNSPECIFIED || in.colorspace == AVCOL_SPC_SMPTE170M ||
           in.colorspace == AVCOL_SPC_BT470BG;
}

// swscale converts RGB with BT.601 by default too; say so, since the encoder declares it
// (kRecordedColour). From YUV it converts the picture's own matrix (when tagged) and range.
void convert_to_recorded_colour(SwsContext* sws, const AVFrame& in) {
    int *inv_table = nullptr, *table = nullptr;
    int src_range = 0, dst_range = 0, brightness = 0, contrast = 0, saturation = 0;
    if (sws_getColorspaceDetails(sws, &inv_table, &src_range, &table, &dst_range, &brightness, &contrast, &saturation) < 0)
        throw Error("cannot convert video frames of this format");
    static_assert(kRecordedColour.matrix == AVCOL_SPC_SMPTE170M && kRecordedColour.range == AVCOL_RANGE_MPEG);
    const int* src_table = inv_table;
    if (!is_rgb(in) && in.colorspace != AVCOL_SPC_UNSPECIFIED) src_table = sws_getCoefficients(in.colorspace);
    if (in.color_range == AVCOL_RANGE_JPEG) src_range = 1;
    sws_setColorspaceDetails(sws, src_table, src_range, sws_getCoefficients(SWS_CS_ITU601), 0, brightness, contrast,
                             saturation);
}

void tag_recorded_colour(AVFrame& out) {
    out.color_primaries = kRecordedColour.primaries;
    out.color_trc = kRecordedColour.transfer;
    out.colorspace = kRecordedColour.matrix;
    out.color_range = kRecordedColour.range;
}

// libyuv's SIMD converters for the formats screens and webcams deliver, when no scaling is
// needed: several times cheaper than swscale's generic path (see docs/BENCHMARKS.md).
bool convert_with_libyuv(const AVFrame& in, AVFrame& out) {
    if (out.format != AV_PIX_FMT_YUV420P) return false;
    uint8_t* y = out.data[0];
    uint8_t* u = out.data[1];
    uint8_t* v = out.data[2];
    const int ys = out.linesize[0], us = out.linesize[1], vs = out.linesize[2];
    switch (in.format) {
        case AV_PIX_FMT_BGR0:
        case AV_PIX_FMT_BGRA:  // bytes B,G,R,A: libyuv's "ARGB"; BT.601 limited, as declared
            return libyuv::ARGBToI420(in.data[0], in.linesize[0], y, ys, u, us, v, vs, out.width, out.height) == 0;
        case AV_PIX_FMT_RGB0:
        case AV_PIX_FMT_RGBA:  // bytes R,G,B,A: libyuv's "ABGR"
            return libyuv::ABGRToI420(in.data[0], in.linesize[0], y, ys, u, us, v, vs, out.width, out.height) == 0;
        case AV_PIX_FMT_YUYV422:
            return libyuv::YUY2ToI420(in.data[0], in.linesize[0], y, ys, u, us, v, vs, out.width, out.height) == 0;
        case AV_PIX_FMT_YUV420P:
            return libyuv::I420Copy(in.data[0], in.linesize[0], in.data[1], in.linesize[1], in.data[2], in.linesize[2], y,
                                    ys, u, us, v, vs, out.width, out.height) == 0;
        default:
            return false;
    }
}

}  // namespace

AVFrame& FrameConverter::convert(const AVFrame& in) {
    check_av(av_frame_make_writable(out_.get()), "allocating a video frame");
    // A source whose size is within a pixel of the output (odd sizes cropped to even) is copied
    // without scaling: reading only the output's rows/columns is a crop.
    const bool crop = in.width >= width_ && in.width - width_ <= 1 && in.height >= height_ && in.height - height_ <= 1;
    if (crop && in.color_range != AVCOL_RANGE_JPEG && matrix_kept(in) && convert_with_libyuv(in, *out_)) {
        tag_recorded_colour(*out_);
        has_picture_ = true;
        return *out_;
    }
    const int src_w = crop ? width_ : in.width;
    const int src_h = crop ? height_ : in.height;
    sws_ = sws_getCachedContext(sws_, src_w, src_h, AVPixelFormat(in.format), width_, height_, format_,
                                SWS_BILINEAR, nullptr, nullptr, nullptr);
    if (!sws_) throw Error("cannot convert video frames of this format");
    convert_to_recorded_colour(sws_, in);
    sws_scale(sws_, in.data, in.linesize, 0, src_h, out_->data, out_->linesize);
    tag_recorded_colour(*out_);
    has_picture_ = true;
    return *out_;
}

FramePtr square_yuv420p(const AVFrame& in, int size, SwsContext** cache) {
    FramePtr cropped(av_frame_clone(&in));
    if (!cropped) throw std::bad_alloc();
    const int side = std::min(in.width, in.height);
    cropped->crop_left = size_t((in.width - side) / 2);
    cropped->crop_right = size_t(in.width - side) - cropped->crop_left;
    cropped->crop_top = size_t((in.height - side) / 2);
    cropped->crop_bottom = size_t(in.height - side) - cropped->crop_top;
    check_av(av_frame_apply_cropping(cropped.get(), AV_FRAME_CROP_UNALIGNED), "cropping the camera picture");

    FramePtr out = make_frame();
    out->width = size;
    out->height = size;
    out->format = AV_PIX_FMT_YUV420P;
    check_av(av_frame_get_buffer(out.get(), 0), "allocating a video frame");
    *cache = sws_getCachedContext(*cache, cropped->width, cropped->height, AVPixelFormat(cropped->format), size,
                                  size, AV_PIX_FMT_YUV420P, SWS_BICUBIC, nullptr, nullptr, nullptr);
    if (!*cache) throw Error("cannot convert camera frames of this format");
    convert_to_recorded_colour(*cache, *cropped);
    sws_scale(*cache, cropped->data, cropped->linesize, 0, cropped->height, out->data, out->linesize);
    tag_recorded_colour(*out);
    return out;
}

}  // namespace clipnote
