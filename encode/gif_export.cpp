#include "encode/gif_export.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <sstream>

#include "common/av_error.h"
#include "encode/filter_graph.h"
#include "encode/media_reader.h"

extern "C" {
#include <libavutil/opt.h>
}

namespace clipnote {

namespace {

// trim -> constant fps -> downscale (never up): the same front half for both passes.
std::string prepare_filters(const GifOptions& o) {
    std::ostringstream f;
    if (o.start_s > 0 || o.end_s > 0) {
        f << "trim=start=" << o.start_s;
        if (o.end_s > 0) f << ":end=" << o.end_s;
        f << ",setpts=PTS-STARTPTS,";
    }
    f << "fps=" << o.fps;
    if (o.width > 0) f << ",scale='min(" << o.width << ",iw)':-2:flags=lanczos";
    return f.str();
}

bool same_picture(const AVFrame& a, const AVFrame& b) {
    if (a.width != b.width || a.height != b.height) return false;
    if (std::memcmp(a.data[1], b.data[1], 256 * 4) != 0) return false;  // the palette
    for (int y = 0; y < a.height; ++y)
        if (std::memcmp(a.data[0] + y * a.linesize[0], b.data[0] + y * b.linesize[0], size_t(a.width)) != 0) return false;
    return true;
}

// Encodes pal8 frames with FFmpeg's GIF encoder into the GIF muxer; delays come from the pts
// (centiseconds) of consecutive frames, the last one's from `last_delay`.
class GifWriter {
public:
    GifWriter(const std::string& path, int width, int height) : path_(path) {
        const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_GIF);
        if (!codec) throw Error("this FFmpeg has no GIF encoder");
        encoder_.reset(avcodec_alloc_context3(codec));
        encoder_->width = width;
        encoder_->height = height;
        encoder_->pix_fmt = AV_PIX_FMT_PAL8;
        encoder_->time_base = {1, 100};
        check_av(avcodec_open2(encoder_.get(), codec, nullptr), "opening the GIF encoder");

        AVFormatContext* raw = nullptr;
        check_av(avformat_alloc_output_context2(&raw, nullptr, "gif", path.c_str()), "cannot write " + path);
        muxer_.reset(raw);
        AVStream* st = avformat_new_stream(raw, nullptr);
        check_av(avcodec_parameters_from_context(st->codecpar, encoder_.get()), "cannot write " + path);
        st->time_base = {1, 100};
        const int ret = avio_open(&raw->pb, path.c_str(), AVIO_FLAG_WRITE);
        if (ret < 0) throw Error("cannot write " + path + ": " + av_error_text(ret));
        check_av(avformat_write_header(raw, nullptr), "cannot write " + path);
    }

    void write(AVFrame& frame, int64_t pts_cs) {
        frame.pts = pts_cs;
        check_av(avcodec_send_frame(encoder_.get(), &frame), "encoding the GIF");
        drain();
    }

    void finish(int last_delay_cs) {
        check_av(avcodec_send_frame(encoder_.get(), nullptr), "encoding the GIF");
        drain();
        av_opt_set_int(muxer_->priv_data, "final_delay", last_delay_cs, 0);
        check_av(av_write_trailer(muxer_.get()), "writing " + path_);
        avio_flush(muxer_->pb);
        if (muxer_->pb->error < 0) throw Error("writing " + path_ + ": " + av_error_text(muxer_->pb->error));
    }

private:
    void drain() {
        for (;;) {
            const int ret = avcodec_receive_packet(encoder_.get(), packet_.get());
            if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF) return;
            check_av(ret, "encoding the GIF");
            packet_->stream_index = 0;
            av_packet_rescale_ts(packet_.get(), encoder_->time_base, muxer_->streams[0]->time_base);
            const int w = av_write_frame(muxer_.get(), packet_.get());
            av_packet_unref(packet_.get());
            if (w < 0) throw Error("writing " + path_ + ": " + av_error_text(w));
        }
    }

    std::string path_;
    CodecContextPtr encoder_;
    OutputFormatPtr muxer_;
    PacketPtr packet_ = make_packet();
};

}  // namespace

GifResult export_gif(const std::string& input, const std::string& output, const GifOptions& o, const CancelFlag* cancel) {
    if (o.fps < 1 || o.fps > 50) throw Error("GIF fps must be between 1 and 50");
    MediaReader reader(input, false);
    const AVCodecContext& v = reader.video();
    const VideoFilterInput main_input{v.width, v.height, v.pix_fmt, reader.video_time_base(), v.sample_aspect_ratio};
    const std::string prepare = prepare_filters(o);

    // Pass 1: one palette for the whole clip.
    FramePtr palette = make_frame();
    {
        VideoFilterGraph graph({main_input}, "[in0]" + prepare + ",palettegen=stats_mode=full[out]");
        reader.decode(
            [&](AVFrame& f) {
                if (cancel) cancel->check();
                graph.push(0, &f);
                return true;
            },
            nullptr);
        graph.push(0, nullptr);
        if (!graph.pull(*palette)) throw Error("making a GIF of " + input + ": no pictures in the chosen range");
    }

    // Pass 2: map every frame onto the palette, merge identical neighbours, write.
    reader.rewind();
    const VideoFilterInput palette_input{palette->width, palette->height, AVPixelFormat(palette->format), {1, o.fps}, {1, 1}};
    VideoFilterGraph graph({main_input, palette_input},
                           "[in0]" + prepare + "[x];[x][in1]paletteuse=dither=sierra2_4a:diff_mode=rectangle[out]");
    palette->pts = 0;
    graph.push(1, palette.get());
    graph.push(1, nullptr);

    const std::string temp = output + ".part";
    std::unique_ptr<GifWriter> writer;
    FramePtr pending, filtered = make_frame();
    int64_t pending_cs = 0;
    int64_t end_cs = 0;
    GifResult result;
    AVRational tb{1, o.fps};

    auto drain_graph = [&] {
        while (graph.pull(*filtered)) {
            tb = graph.output_time_base();
            const int64_t t_cs = av_rescale_q(filtered->pts, tb, {1, 100});
            end_cs = av_rescale_q(filtered->pts + 1, tb, {1, 100});
            ++result.frames_in;
            if (pending && same_picture(*pending, *filtered)) {
                av_frame_unref(filtered.get());
                continue;  // the previous frame simply shows longer
            }
            if (!writer) writer = std::make_unique<GifWriter>(temp, filtered->width, filtered->height);
            if (pending) {
                writer->write(*pending, pending_cs);
                ++result.frames_out;
            }
            pending.reset(av_frame_clone(filtered.get()));
            pending_cs = t_cs;
            av_frame_unref(filtered.get());
        }
    };

    try {
        reader.decode(
            [&](AVFrame& f) {
                if (cancel) cancel->check();
                graph.push(0, &f);
                drain_graph();
                return true;
            },
            nullptr);
        graph.push(0, nullptr);
        drain_graph();
        if (!pending) throw Error("making a GIF of " + input + ": no pictures in the chosen range");
        writer->write(*pending, pending_cs);
        ++result.frames_out;
        writer->finish(int(std::max<int64_t>(1, end_cs - pending_cs)));
        writer.reset();
    } catch (...) {
        writer.reset();
        std::remove(temp.c_str());
        throw;
    }
    if (std::rename(temp.c_str(), output.c_str()) != 0) {
        std::remove(temp.c_str());
        throw Error("cannot write " + output);
    }
    result.duration_s = end_cs / 100.0;
    return result;
}

}  // namespace clipnote
