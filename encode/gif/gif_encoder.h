#pragma once
// clipnote's GIF encoder, stage by stage for each frame:
//   change detection (noise-tolerant, see change_detector.h) -> the changed rectangle, with
//   unchanged pixels inside it transparent -> a palette for this frame from libimagequant and a
//   dithered remap -> LZW (lossy under a quality knob) -> the file. An unchanged frame lengthens
//   the previous one's delay.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "encode/gif/change_detector.h"
#include "encode/gif/gif_file_writer.h"
#include "encode/gif/gif_tuning.h"

namespace clipnote::gif {

class GifEncoder {
public:
    GifEncoder(const std::string& path, int width, int height, const GifTuning& tuning);

    // `rgba`: width * height * 4 bytes, packed rows; shown for `delay_cs` centiseconds.
    void add(const uint8_t* rgba, int delay_cs);
    void finish();
    int frames_written() const { return writer_.frames_written(); }
    int64_t bytes_written() const { return writer_.bytes_written(); }

private:
    int width_, height_;
    GifTuning tuning_;
    GifFileWriter writer_;
    ChangeDetector changes_;
    std::vector<uint8_t> crop_;
};

}  // namespace clipnote::gif
