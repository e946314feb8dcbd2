#include "encode/poster.h"

#include <cmath>
#include <fstream>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libswscale/swscale.h>
}

#include "common/av_error.h"
#include "common/av_ptr.h"
#include "common/error.h"
#include "encode/media_reader.h"

namespace clipnote {
namespace {

// A picture counts as meaningful when its luma varies: a black or blank first frame has almost
// none. Looked for within this many seconds, else the first picture is taken.
constexpr double kLookAhead = 3.0;
constexpr double kMeaningfulSpread = 12.0;  // standard deviation of luma, 0..255
// After the first meaningful picture, the one with the most detail within this many seconds.
constexpr double kSettle = 1.0;

// The spread of the picture's luma over a sparse grid (cheap, and enough to tell black from content).
double luma_spread(const AVFrame& f) {
    if (f.format != AV_PIX_FMT_YUV420P && f.format != AV_PIX_FMT_YUVJ420P && f.format != AV_PIX_FMT_YUV444P &&
        f.format != AV_PIX_FMT_NV12)
        return kMeaningfulSpread;  // not planar luma: take it as it is
    double sum = 0, sum_sq = 0;
    int n = 0;
    for (int y = 0; y < f.height; y += 8)
        for (int x = 0; x < f.width; x += 8) {
            const double v = f.data[0][y * f.linesize[0] + x];
            sum += v;
            sum_sq += v * v;
            ++n;
        }
    if (n == 0) return 0;
    const double mean = sum / n;
    return std::sqrt(std::max(0.0, sum_sq / n - mean * mean));
}

// Encodes one picture as a baseline JPEG (FFmpeg's mjpeg, full-range 4:2:0).
std::string encode_jpeg(const AVFrame& picture, int width, int height, const std::string& where) {
    const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
    if (!codec) throw Error(where + ": this FFmpeg has no JPEG encoder");
    CodecContextPtr enc(avcodec_alloc_context3(codec));
    enc->width = width;
    enc->height = height;
    enc->pix_fmt = AV_PIX_FMT_YUVJ420P;
    enc->time_base = {1, 25};
    enc->flags |= AV_CODEC_FLAG_QSCALE;
    enc->global_quality = FF_QP2LAMBDA * 3;  // qscale 3: good, a few hundred kB at most for 1280 px
    check_av(avcodec_open2(enc.get(), codec, nullptr), where + ": opening the JPEG encoder");

    FramePtr scaled = make_frame();
    scaled->format = AV_PIX_FMT_YUVJ420P;
    scaled->width = width;
    scaled->height = height;
    check_av(av_frame_get_buffer(scaled.get(), 0), where);
    SwsPtr sws(sws_getContext(picture.width, picture.height, static_cast<AVPixelFormat>(picture.format), width, height,
                              AV_PIX_FMT_YUVJ420P, SWS_BICUBIC, nullptr, nullptr, nullptr));
    if (!sws) throw Error(where + ": cannot scale the picture");
    sws_scale(sws.get(), picture.data, picture.linesize, 0, picture.height, scaled->data, scaled->linesize);
    scaled->pts = 0;

    check_av(avcodec_send_frame(enc.get(), scaled.get()), where + ": encoding");
    check_av(avcodec_send_frame(enc.get(), nullptr), where + ": encoding");
    PacketPtr packet = make_packet();
    std::string bytes;
    while (avcodec_receive_packet(enc.get(), packet.get()) == 0) {
        bytes.append(reinterpret_cast<const char*>(packet->data), static_cast<size_t>(packet->size));
        av_packet_unref(packet.get());
    }
    if (bytes.empty()) throw Error(where + ": the JPEG encoder gave nothing");
    return bytes;
}

}  // namespace

PosterInfo make_poster(const std::string& video, const std::string& jpeg_path, int max_width) {
    MediaReader reader(video, /*with_audio=*/false);
    const AVRational tb = reader.video_time_base();
    FramePtr chosen = make_frame();
    double chosen_time = 0, chosen_spread = -1, first_meaningful = -1;
    reader.decode(
        [&](AVFrame& f) {
            const double t = f.pts == AV_NOPTS_VALUE ? 0 : f.pts * av_q2d(tb);
            const double spread = luma_spread(f);
            if (first_meaningful < 0 && spread >= kMeaningfulSpread) first_meaningful = t;
            // The first picture, then any with more detail: a fade-in ends at its fullest.
            if (chosen_spread < 0 || spread > chosen_spread) {
                av_frame_unref(chosen.get());
                check_av(av_frame_ref(chosen.get(), &f), "cannot read " + video);
                chosen_time = t;
                chosen_spread = spread;
            }
            // Up to a second past the first meaningful picture (the rest of a fade), or the
            // look-ahead when there is none.
            return first_meaningful < 0 ? t < kLookAhead : t < first_meaningful + kSettle;
        },
        {});
    const bool have = chosen_spread >= 0;
    if (!have) throw Error("cannot read " + video + ": no picture in it");

    PosterInfo info;
    info.video_width = chosen->width;
    info.video_height = chosen->height;
    info.duration_s = reader.duration_s();
    info.picture_time_s = chosen_time;
    info.width = std::min(max_width, chosen->width) & ~1;
    info.height = std::max(2, static_cast<int>(std::lround(double(chosen->height) * info.width / chosen->width)) & ~1);
    const std::string bytes = encode_jpeg(*chosen, info.width, info.height, "cannot write " + jpeg_path);
    std::ofstream out(jpeg_path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) throw Error("cannot write " + jpeg_path);
    return info;
}

}  // namespace clipnote
