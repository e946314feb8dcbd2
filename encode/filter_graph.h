#pragma once
// A libavfilter graph fed by one or more video buffer sources and read from one sink.
// The description names the inputs [in0], [in1], ... and the output [out].
#include <cstdint>
#include <string>
#include <vector>

#include "common/av_ptr.h"

namespace clipnote {

struct VideoFilterInput {
    int width = 0, height = 0;
    AVPixelFormat format = AV_PIX_FMT_NONE;
    AVRational time_base{1, 1};
    AVRational sample_aspect_ratio{1, 1};
};

class VideoFilterGraph {
public:
    VideoFilterGraph(const std::vector<VideoFilterInput>& inputs, const std::string& description);

    // Pushes a frame (or nullptr for end of stream) into input `index`.
    void push(int index, AVFrame* frame);
    // Fills `out` with the next output frame; false when none is ready yet or the graph ended.
    bool pull(AVFrame& out);
    bool ended() const { return ended_; }
    AVRational output_time_base() const;

private:
    FilterGraphPtr graph_;
    std::vector<AVFilterContext*> sources_;
    std::vector<int64_t> end_pts_;  // per source: where its last frame ends
    AVFilterContext* sink_ = nullptr;
    bool ended_ = false;
};

}  // namespace clipnote
