#pragma once
// Converts captured pictures (bgr0 from x11grab, yuyv from a webcam, anything from lavfi) into the
// encoder's yuv420p at the output size. A picture of a different size is scaled to fit.
// Every picture comes out as kRecordedColour says (colour_description.h): RGB is converted with
// that matrix, YUV tagged with another one (a BT.709 file) is converted to it.
// The output frame is reused from call to call (encoders copy what they are sent).
#include "common/av_ptr.h"
#include "encode/colour_description.h"

namespace clipnote {

class FrameConverter {
public:
    FrameConverter(int width, int height, AVPixelFormat format = AV_PIX_FMT_YUV420P);
    // Returns the converted picture; valid until the next call.
    AVFrame& convert(const AVFrame& in);
    // The last converted picture (for repeats on the constant-rate grid).
    AVFrame& last() { return *out_; }
    bool has_picture() const { return has_picture_; }

private:
    int width_, height_;
    AVPixelFormat format_;
    SwsContext* sws_ = nullptr;  // owned; sws_getCachedContext reuses or replaces it
    FramePtr out_;
    bool has_picture_ = false;

public:
    ~FrameConverter();
    FrameConverter(const FrameConverter&) = delete;
    FrameConverter& operator=(const FrameConverter&) = delete;
};

// A copy of `in` cropped to its central square, scaled to size x size, as yuv420p.
FramePtr square_yuv420p(const AVFrame& in, int size, SwsContext** cache);

}  // namespace clipnote
