#pragma once
// The colour description a video carries (H.264 SPS VUI, MP4 'colr'), so players do not guess.
// It must describe the arithmetic that made the pixels: a tag that differs from the matrix the
// conversion used shifts every colour.
extern "C" {
#include <libavutil/pixfmt.h>
}

namespace clipnote {

struct ColourDescription {
    AVColorPrimaries primaries = AVCOL_PRI_UNSPECIFIED;
    AVColorTransferCharacteristic transfer = AVCOL_TRC_UNSPECIFIED;
    AVColorSpace matrix = AVCOL_SPC_UNSPECIFIED;
    AVColorRange range = AVCOL_RANGE_UNSPECIFIED;
};

// What FrameConverter makes of screens and webcams. The matrix is BT.601 because libyuv's
// ARGBToI420 (the fast path) computes BT.601 and Debian 12's libyuv has no BT.709 RGB->YUV
// routine; swscale is set to the same. Screens are sRGB: BT.709 primaries, and the BT.709
// transfer that every player knows (sRGB's own curve is barely different).
inline constexpr ColourDescription kRecordedColour{AVCOL_PRI_BT709, AVCOL_TRC_BT709, AVCOL_SPC_SMPTE170M,
                                                   AVCOL_RANGE_MPEG};

}  // namespace clipnote
