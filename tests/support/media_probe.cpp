#include "support/media_probe.h"

#include <algorithm>
#include <limits>

#include "support/av_handles.h"

namespace clipnote::test {
namespace {

std::string media_type_name(AVMediaType t) {
    const char* s = av_get_media_type_string(t);
    return s ? s : "unknown";
}

// Running first/last timestamps of one stream's packets.
struct PacketSpan {
    int64_t first = std::numeric_limits<int64_t>::max();
    int64_t end = std::numeric_limits<int64_t>::min();
    bool any() const { return first <= end; }
};

}  // namespace

const StreamInfo* MediaInfo::video() const {
    for (const auto& s : streams)
        if (s.type == "video") return &s;
    return nullptr;
}

const StreamInfo* MediaInfo::audio() const {
    for (const auto& s : streams)
        if (s.type == "audio") return &s;
    return nullptr;
}

MediaInfo probe_media(const std::string& path) {
    av::FormatPtr fmt = av::open_input(path);
    MediaInfo info;
    info.format_name = fmt->iformat->name;
    info.duration_s =
        fmt->duration == AV_NOPTS_VALUE ? -1.0 : static_cast<double>(fmt->duration) / AV_TIME_BASE;

    for (unsigned i = 0; i < fmt->nb_streams; ++i) {
        const AVStream* st = fmt->streams[i];
        const AVCodecParameters* par = st->codecpar;
        StreamInfo s;
        s.type = media_type_name(par->codec_type);
        s.codec = avcodec_get_name(par->codec_id);
        if (par->codec_type == AVMEDIA_TYPE_VIDEO) {
            s.width = par->width;
            s.height = par->height;
            const char* pf = av_get_pix_fmt_name(static_cast<AVPixelFormat>(par->format));
            s.pix_fmt = pf ? pf : "";
            if (st->avg_frame_rate.num > 0 && st->avg_frame_rate.den > 0)
                s.fps = av_q2d(st->avg_frame_rate);
        } else if (par->codec_type == AVMEDIA_TYPE_AUDIO) {
            s.sample_rate = par->sample_rate;
            s.channels = par->ch_layout.nb_channels;
        }
        info.streams.push_back(s);
    }

    // Reading every packet is the only way to know what is really in the file, e.g. after a
    // crash the container's durations may be missing while the packets are all there.
    std::vector<PacketSpan> spans(fmt->nb_streams);
    av::PacketPtr pkt = av::make_packet();
    for (;;) {
        int ret = av_read_frame(fmt.get(), pkt.get());
        if (ret == AVERROR_EOF) break;
        av::check(ret, "av_read_frame", path);
        auto idx = static_cast<size_t>(pkt->stream_index);
        if (idx < info.streams.size()) {
            StreamInfo& s = info.streams[idx];
            bool key = pkt->flags & AV_PKT_FLAG_KEY;
            if (s.packet_count == 0) s.first_packet_keyframe = key;
            ++s.packet_count;
            s.keyframe_count += key ? 1 : 0;
            int64_t ts = pkt->pts != AV_NOPTS_VALUE ? pkt->pts : pkt->dts;
            if (ts != AV_NOPTS_VALUE) {
                spans[idx].first = std::min(spans[idx].first, ts);
                spans[idx].end = std::max(spans[idx].end, ts + std::max<int64_t>(pkt->duration, 0));
            }
        }
        av_packet_unref(pkt.get());
    }

    for (unsigned i = 0; i < fmt->nb_streams; ++i) {
        const AVStream* st = fmt->streams[i];
        StreamInfo& s = info.streams[i];
        const double tb = av_q2d(st->time_base);
        if (spans[i].any()) {
            s.packet_span_s = static_cast<double>(spans[i].end - spans[i].first) * tb;
            s.start_time_s = static_cast<double>(spans[i].first) * tb;
        }
        s.duration_s = st->duration != AV_NOPTS_VALUE && st->duration > 0
                           ? static_cast<double>(st->duration) * tb
                           : s.packet_span_s;
    }
    return info;
}

}  // namespace clipnote::test
