#include "encode/filter_graph.h"

#include <algorithm>
#include <memory>

#include "common/av_error.h"

extern "C" {
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
}

namespace clipnote {

namespace {

struct InOutDeleter {
    void operator()(AVFilterInOut* io) const { avfilter_inout_free(&io); }
};
using InOutPtr = std::unique_ptr<AVFilterInOut, InOutDeleter>;

}  // namespace

VideoFilterGraph::VideoFilterGraph(const std::vector<VideoFilterInput>& inputs, const std::string& description)
    : graph_(avfilter_graph_alloc()) {
    if (!graph_) throw std::bad_alloc();
    const std::string what = "setting up filters '" + description + "'";
    graph_->nb_threads = 1;  // small pictures; the encoder owns the cores

    InOutPtr outputs;  // the open outputs of our sources, linked into the description's inputs
    for (size_t i = 0; i < inputs.size(); ++i) {
        const VideoFilterInput& in = inputs[i];
        const std::string args = "video_size=" + std::to_string(in.width) + "x" + std::to_string(in.height) +
                                 ":pix_fmt=" + std::to_string(int(in.format)) + ":time_base=" +
                                 std::to_string(in.time_base.num) + "/" + std::to_string(in.time_base.den) +
                                 ":pixel_aspect=" + std::to_string(std::max(1, in.sample_aspect_ratio.num)) + "/" +
                                 std::to_string(std::max(1, in.sample_aspect_ratio.den));
        AVFilterContext* src = nullptr;
        const std::string name = "in" + std::to_string(i);
        check_av(avfilter_graph_create_filter(&src, avfilter_get_by_name("buffer"), name.c_str(), args.c_str(), nullptr,
                                              graph_.get()),
                 what);
        sources_.push_back(src);
        end_pts_.push_back(0);
        AVFilterInOut* io = avfilter_inout_alloc();
        io->name = av_strdup(name.c_str());
        io->filter_ctx = src;
        io->pad_idx = 0;
        io->next = outputs.release();
        outputs.reset(io);
    }
    check_av(avfilter_graph_create_filter(&sink_, avfilter_get_by_name("buffersink"), "out", nullptr, nullptr, graph_.get()),
             what);
    InOutPtr sink_in(avfilter_inout_alloc());
    sink_in->name = av_strdup("out");
    sink_in->filter_ctx = sink_;
    sink_in->pad_idx = 0;
    sink_in->next = nullptr;

    AVFilterInOut* raw_in = sink_in.release();
    AVFilterInOut* raw_out = outputs.release();
    const int ret = avfilter_graph_parse_ptr(graph_.get(), description.c_str(), &raw_in, &raw_out, nullptr);
    avfilter_inout_free(&raw_in);
    avfilter_inout_free(&raw_out);
    check_av(ret, what);
    check_av(avfilter_graph_config(graph_.get(), nullptr), what);
}

void VideoFilterGraph::push(int index, AVFrame* frame) {
    if (!frame) {
        // Close at the end of the last frame, not at its start, so filters such as fps keep it.
        check_av(av_buffersrc_close(sources_[size_t(index)], end_pts_[size_t(index)], AV_BUFFERSRC_FLAG_PUSH),
                 "filtering video");
        return;
    }
    if (frame->pts != AV_NOPTS_VALUE)
        end_pts_[size_t(index)] = frame->pts + std::max<int64_t>(frame->pkt_duration, 1);
    check_av(av_buffersrc_add_frame_flags(sources_[size_t(index)], frame, AV_BUFFERSRC_FLAG_KEEP_REF), "filtering video");
}

bool VideoFilterGraph::pull(AVFrame& out) {
    const int ret = av_buffersink_get_frame(sink_, &out);
    if (ret == AVERROR(EAGAIN)) return false;
    if (ret == AVERROR_EOF) {
        ended_ = true;
        return false;
    }
    check_av(ret, "filtering video");
    return true;
}

AVRational VideoFilterGraph::output_time_base() const { return av_buffersink_get_time_base(sink_); }

}  // namespace clipnote
