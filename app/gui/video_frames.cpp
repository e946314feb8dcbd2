#include "app/gui/video_frames.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libswscale/swscale.h>
}

#include <algorithm>
#include <cmath>

#include "common/error.h"
#include "encode/media_reader.h"

namespace clipnote::gui {

VideoFrames::VideoFrames(const std::string& path, int max_width, int max_height) {
    const std::string what = "cannot read " + path;
    format_ = open_media(path, what);
    AVFormatContext* raw = format_.get();
    stream_ = av_find_best_stream(raw, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (stream_ < 0) throw Error(what + ": it has no video stream");
    decoder_ = open_decoder(raw->streams[stream_], what);

    start_s_ = raw->start_time != AV_NOPTS_VALUE ? double(raw->start_time) / AV_TIME_BASE : 0.0;
    duration_s_ = raw->duration > 0 ? double(raw->duration) / AV_TIME_BASE : 0.0;
    // Fit the box, keeping the aspect ratio; never upscale.
    const double scale = std::min({1.0, double(max_width) / decoder_->width, double(max_height) / decoder_->height});
    width_ = std::max(2, int(std::lround(decoder_->width * scale)));
    height_ = std::max(2, int(std::lround(decoder_->height * scale)));
    rgba_.assign(size_t(width_) * height_ * 4, 0);
}

double VideoFrames::seconds(const AVFrame& f) const {
    const int64_t pts = f.best_effort_timestamp != AV_NOPTS_VALUE ? f.best_effort_timestamp : f.pts;
    if (pts == AV_NOPTS_VALUE) return shown_t_ + 1.0 / 30;
    return pts * av_q2d(format_->streams[stream_]->time_base) - start_s_;
}

void VideoFrames::seek(double t) {
    const AVStream* st = format_->streams[stream_];
    const int64_t ts = int64_t((std::max(0.0, t) + start_s_) / av_q2d(st->time_base));
    if (av_seek_frame(format_.get(), stream_, ts, AVSEEK_FLAG_BACKWARD) < 0)
        av_seek_frame(format_.get(), -1, 0, AVSEEK_FLAG_BACKWARD);  // e.g. GIF: from the start
    avcodec_flush_buffers(decoder_.get());
    pending_.reset();
    have_picture_ = false;
    shown_t_ = -1;
    draining_ = ended_ = false;
}

bool VideoFrames::decode_next(FramePtr& out) {
    out = make_frame();
    PacketPtr packet(av_packet_alloc());
    while (!ended_) {
        const int r = avcodec_receive_frame(decoder_.get(), out.get());
        if (r == 0) return true;
        if (r == AVERROR_EOF) {
            ended_ = true;
            break;
        }
        if (r != AVERROR(EAGAIN)) {
            ended_ = true;  // a broken tail (a killed recording): show what decoded
            break;
        }
        if (draining_) {
            ended_ = true;
            break;
        }
        const int read = av_read_frame(format_.get(), packet.get());
        if (read < 0) {
            draining_ = true;
            avcodec_send_packet(decoder_.get(), nullptr);
            continue;
        }
        if (packet->stream_index == stream_) avcodec_send_packet(decoder_.get(), packet.get());
        av_packet_unref(packet.get());
    }
    return false;
}

void VideoFrames::convert(const AVFrame& f) {
    sws_.reset(sws_getCachedContext(sws_.release(), f.width, f.height, AVPixelFormat(f.format), width_, height_,
                                    AV_PIX_FMT_RGBA, SWS_BILINEAR, nullptr, nullptr, nullptr));
    if (!sws_) throw Error("cannot convert the video's pictures for display");
    uint8_t* dst[4] = {rgba_.data(), nullptr, nullptr, nullptr};
    int stride[4] = {width_ * 4, 0, 0, 0};
    sws_scale(sws_.get(), f.data, f.linesize, 0, f.height, dst, stride);
    have_picture_ = true;
}

const std::vector<std::uint8_t>* VideoFrames::frame_at(double t) {
    // Going back, or more than two seconds ahead: seek (to the keyframe before t) and decode on.
    if (!have_picture_ && !pending_ && shown_t_ < 0 && !ended_) seek(t);
    else if (t < shown_t_ - 1e-6 || t > shown_t_ + 2.0) seek(t);
    const double half_frame = decoder_->framerate.num > 0 ? 0.5 / av_q2d(decoder_->framerate) : 0.01;
    FramePtr due;  // only the last picture that is due gets converted
    for (;;) {
        FramePtr f;
        if (pending_) f = std::move(pending_);
        else if (!decode_next(f)) break;
        const double ft = seconds(*f);
        if ((have_picture_ || due) && ft > t + half_frame) {
            pending_ = std::move(f);  // not due yet: keep it for the next call
            break;
        }
        due = std::move(f);
        shown_t_ = ft;
        if (ft > t + half_frame) break;  // the first picture is later than t: show it anyway
    }
    if (due) convert(*due);
    return have_picture_ ? &rgba_ : nullptr;
}

}  // namespace clipnote::gui
