#include "encode/clip_frames.h"

#include <algorithm>
#include <cstring>
#include <sstream>
#include <vector>

#include "encode/filter_graph.h"

namespace clipnote {

namespace {

// trim -> constant fps -> downscale (never up) -> RGBA.
std::string filters_for(const ClipFrameSettings& o) {
    std::ostringstream f;
    if (o.start_s > 0 || o.end_s > 0) {
        f << "trim=start=" << o.start_s;
        if (o.end_s > 0) f << ":end=" << o.end_s;
        f << ",setpts=PTS-STARTPTS,";
    }
    f << "fps=" << o.fps;
    if (o.width > 0) f << ",scale='min(" << o.width << ",iw)':-2:flags=lanczos";
    f << ",format=rgba";
    return f.str();
}

}  // namespace

int64_t for_each_clip_frame(MediaReader& reader, const ClipFrameSettings& o, const std::function<void(const ClipFrame&)>& on_frame,
                            const CancelFlag* cancel) {
    const AVCodecContext& v = reader.video();
    VideoFilterGraph graph({{v.width, v.height, v.pix_fmt, reader.video_time_base(), v.sample_aspect_ratio}},
                           "[in0]" + filters_for(o) + "[out]");
    FramePtr filtered = make_frame();
    std::vector<uint8_t> packed;
    int64_t count = 0;
    auto drain = [&] {
        while (graph.pull(*filtered)) {
            const int w = filtered->width, h = filtered->height;
            packed.resize(size_t(w) * size_t(h) * 4);
            for (int y = 0; y < h; ++y)
                std::memcpy(&packed[size_t(y) * size_t(w) * 4], filtered->data[0] + y * filtered->linesize[0], size_t(w) * 4);
            av_frame_unref(filtered.get());
            on_frame({packed.data(), w, h, count++});
        }
    };
    reader.decode(
        [&](AVFrame& f) {
            if (cancel) cancel->check();
            graph.push(0, &f);
            drain();
            return true;
        },
        nullptr);
    graph.push(0, nullptr);
    drain();
    return count;
}

double clip_span_s(const MediaReader& reader, const ClipFrameSettings& o) {
    const double end = o.end_s > 0 ? std::min(o.end_s, reader.duration_s()) : reader.duration_s();
    return std::max(0.0, end - o.start_s);
}

}  // namespace clipnote
