#pragma once
// What one --quality number (1..100) means for each stage of the GIF encoder. Lower quality
// tolerates more difference before a pixel is redrawn (stiller, smaller), asks libimagequant for
// less, dithers less and lets the LZW coder substitute nearer colours.
#include "encode/gif/change_detector.h"
#include "encode/gif/frame_quantizer.h"

namespace clipnote::gif {

struct GifTuning {
    ChangeTolerance tolerance;
    QuantizerSettings quantizer;
    int lossy_error_sq = 0;  // LZW substitution: largest squared RGB distance, 0 = exact
};

GifTuning tuning_for_quality(int quality);

}  // namespace clipnote::gif
