// decode_video: any video stream to tightly packed RGB24 frames.
#include <cstring>
#include <stdexcept>

#include "support/av_handles.h"
#include "support/media_probe.h"

namespace clipnote::test {
namespace {

bool is_yuv(AVPixelFormat f) {
    const AVPixFmtDescriptor* d = av_pix_fmt_desc_get(f);
    return d && !(d->flags & (AV_PIX_FMT_FLAG_RGB | AV_PIX_FMT_FLAG_PAL)) && d->nb_components >= 3;
}

bool is_full_range(const AVFrame* f) {
    auto fmt = static_cast<AVPixelFormat>(f->format);
    return f->color_range == AVCOL_RANGE_JPEG || fmt == AV_PIX_FMT_YUVJ420P ||
           fmt == AV_PIX_FMT_YUVJ422P || fmt == AV_PIX_FMT_YUVJ444P || fmt == AV_PIX_FMT_YUVJ440P;
}

// Converts decoded frames of any format to tightly packed RGB24.
class RgbConverter {
public:
    RgbFrame convert(const AVFrame* src, double time_s) {
        auto fmt = static_cast<AVPixelFormat>(src->format);
        // Accurate rounding and full chroma interpolation: tests compare exact colours.
        sws_.reset(sws_getCachedContext(
            sws_.release(), src->width, src->height, fmt, src->width, src->height, AV_PIX_FMT_RGB24,
            SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT, nullptr, nullptr, nullptr));
        if (!sws_) throw std::runtime_error("sws_getCachedContext failed");
        if (is_yuv(fmt)) {
            // Honour the colour matrix and range the stream declares (unset means BT.601).
            sws_setColorspaceDetails(sws_.get(), sws_getCoefficients(src->colorspace),
                                     is_full_range(src) ? 1 : 0,
                                     sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16, 1 << 16);
        }
        if (!dst_ || dst_->width != src->width || dst_->height != src->height) {
            dst_ = av::make_frame();
            dst_->format = AV_PIX_FMT_RGB24;
            dst_->width = src->width;
            dst_->height = src->height;
            av::check(av_frame_get_buffer(dst_.get(), 0), "av_frame_get_buffer", "rgb frame");
        }
        sws_scale(sws_.get(), src->data, src->linesize, 0, src->height, dst_->data, dst_->linesize);

        RgbFrame out;
        out.time_s = time_s;
        out.width = src->width;
        out.height = src->height;
        const size_t row = static_cast<size_t>(src->width) * 3;
        out.rgb.resize(row * static_cast<size_t>(src->height));
        for (int y = 0; y < src->height; ++y)
            std::memcpy(out.rgb.data() + row * static_cast<size_t>(y),
                        dst_->data[0] + static_cast<ptrdiff_t>(y) * dst_->linesize[0], row);
        return out;
    }

private:
    av::SwsPtr sws_;
    av::FramePtr dst_;
};

}  // namespace

std::vector<RgbFrame> decode_video(const std::string& path, int max_frames, int step) {
    if (step < 1) throw std::invalid_argument("decode_video: step must be >= 1");
    av::FormatPtr fmt = av::open_input(path);
    int index = av::check(av_find_best_stream(fmt.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0),
                          "av_find_best_stream(video)", path);
    av::CodecPtr dec = av::open_decoder(fmt.get(), index, path);
    const AVStream* st = fmt->streams[index];
    const double tb = av_q2d(st->time_base);
    const double frame_s = st->avg_frame_rate.num > 0 ? 1.0 / av_q2d(st->avg_frame_rate) : 0.0;

    std::vector<RgbFrame> frames;
    RgbConverter converter;
    av::PacketPtr pkt = av::make_packet();
    av::FramePtr frame = av::make_frame();
    int64_t decoded = 0;
    double last_time = 0;
    auto done = [&] { return max_frames >= 0 && frames.size() >= static_cast<size_t>(max_frames); };

    // Drains every frame the decoder has ready; returns false at end of stream.
    auto receive_all = [&]() -> bool {
        for (;;) {
            int ret = avcodec_receive_frame(dec.get(), frame.get());
            if (ret == AVERROR(EAGAIN)) return true;
            if (ret == AVERROR_EOF) return false;
            av::check(ret, "avcodec_receive_frame", path);
            double t = frame->best_effort_timestamp != AV_NOPTS_VALUE
                           ? static_cast<double>(frame->best_effort_timestamp) * tb
                           : last_time + frame_s;
            last_time = t;
            if (decoded++ % step == 0 && !done())
                frames.push_back(converter.convert(frame.get(), t));
            av_frame_unref(frame.get());
        }
    };

    bool more = true;
    while (more && !done()) {
        int ret = av_read_frame(fmt.get(), pkt.get());
        if (ret == AVERROR_EOF) break;
        av::check(ret, "av_read_frame", path);
        if (pkt->stream_index == index) {
            av::check(avcodec_send_packet(dec.get(), pkt.get()), "avcodec_send_packet", path);
            more = receive_all();
        }
        av_packet_unref(pkt.get());
    }
    if (!done()) {
        av::check(avcodec_send_packet(dec.get(), nullptr), "avcodec_send_packet(flush)", path);
        receive_all();
    }
    return frames;
}

}  // namespace clipnote::test
