#pragma once
// Pictures out of a recording for the window: the frame shown at a given time, scaled to fit a
// box and converted to RGBA. Used by the review player (scrubbing seeks, playing decodes forward)
// and by History's thumbnails. Video only: the review player is silent.
#include <cstdint>
#include <string>
#include <vector>

#include "common/av_ptr.h"

namespace clipnote::gui {

class VideoFrames {
public:
    // Throws Error("cannot read <path>: ...") when the file has no decodable video.
    VideoFrames(const std::string& path, int max_width, int max_height);

    double duration_s() const { return duration_s_; }
    int width() const { return width_; }    // of the RGBA pictures
    int height() const { return height_; }

    // The picture on screen at `t` seconds (the last frame starting at or before it); nullptr
    // when the file has none there. Forward steps decode on; going back or far ahead seeks.
    const std::vector<std::uint8_t>* frame_at(double t);
    // The start time of the picture frame_at returned last.
    double frame_time() const { return shown_t_; }

private:
    void seek(double t);
    bool decode_next(FramePtr& out);  // false at the end of the file
    double seconds(const AVFrame& f) const;
    void convert(const AVFrame& f);

    InputFormatPtr format_;
    CodecContextPtr decoder_;
    SwsPtr sws_;
    int stream_ = -1;
    double duration_s_ = 0, start_s_ = 0;
    int width_ = 0, height_ = 0;
    std::vector<std::uint8_t> rgba_;
    bool have_picture_ = false;
    double shown_t_ = -1;
    FramePtr pending_;  // decoded but not yet due
    bool draining_ = false, ended_ = false;
};

}  // namespace clipnote::gui
