#include "encode/clip_export.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <vector>

#include "common/av_error.h"
#include "encode/audio_normalizer.h"
#include "encode/filter_graph.h"
#include "encode/gif_export.h"
#include "encode/webp_export.h"
#include "encode/media_reader.h"
#include "encode/mp4_writer.h"
#include "encode/video_encoder.h"

namespace clipnote {

namespace {

std::string extension_of(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext;
}

int input_fps(const MediaReader& reader) {
    const AVRational r = reader.video().framerate;
    if (r.num > 0 && r.den > 0) return std::clamp(int(std::lround(av_q2d(r))), 1, 120);
    return 30;
}

ExportResult export_mp4(const std::string& input, const std::string& output, const ExportOptions& o) {
    MediaReader reader(input, true);
    const AVCodecContext& v = reader.video();
    const int fps = o.fps > 0 ? o.fps : input_fps(reader);

    std::ostringstream f;
    f << "[in0]";
    if (o.start_s > 0 || o.end_s > 0) {
        f << "trim=start=" << o.start_s;
        if (o.end_s > 0) f << ":end=" << o.end_s;
        f << ",";
    }
    f << "setpts=PTS-STARTPTS,fps=" << fps;
    if (o.width > 0) f << ",scale=" << (o.width & ~1) << ":-2:flags=lanczos";
    else f << ",scale=trunc(iw/2)*2:trunc(ih/2)*2";
    f << ",format=yuv420p[out]";
    VideoFilterGraph graph({{v.width, v.height, v.pix_fmt, reader.video_time_base(), v.sample_aspect_ratio}}, f.str());

    constexpr int kRate = 48000, kChannels = 2;
    const std::string temp = output + ".part";
    std::unique_ptr<VideoEncoder> video;
    std::unique_ptr<AudioEncoder> audio;
    std::unique_ptr<Mp4Writer> writer;
    std::unique_ptr<AudioNormalizer> normalizer;
    std::vector<std::vector<float>> pending(kChannels);  // trimmed audio waiting for the writer
    FramePtr filtered = make_frame(), audio_frame = make_frame();
    int64_t audio_pts = 0;
    ExportResult result{output, 0, 0};

    const int64_t start_sample = int64_t(o.start_s * kRate);
    const int64_t end_sample = o.end_s > 0 ? int64_t(o.end_s * kRate) : INT64_MAX;

    auto open_outputs = [&](const AVFrame& first) {
        VideoEncoderSettings s;
        s.width = first.width;
        s.height = first.height;
        // The filters keep the source's matrix: declare what the source declared.
        s.colour = {first.color_primaries, first.color_trc, first.colorspace, first.color_range};
        s.fps = fps;
        s.crf = o.crf;
        s.preset = o.preset;
        video = std::make_unique<VideoEncoder>(s);
        if (reader.has_audio()) {
            audio = std::make_unique<AudioEncoder>(AudioEncoderSettings{kRate, kChannels, 128000});
            normalizer = std::make_unique<AudioNormalizer>(kRate, kChannels);
        }
        writer = std::make_unique<Mp4Writer>(temp, video->context(), audio ? &audio->context() : nullptr, false);
    };

    auto write_audio = [&](bool final) {
        if (!audio) return;
        const int n_frame = audio->frame_size();
        while (pending[0].size() >= size_t(n_frame) || (final && !pending[0].empty())) {
            const int n = int(std::min<size_t>(size_t(n_frame), pending[0].size()));
            av_frame_unref(audio_frame.get());
            audio_frame->nb_samples = n;
            audio_frame->format = AV_SAMPLE_FMT_FLTP;
            audio_frame->sample_rate = kRate;
            av_channel_layout_default(&audio_frame->ch_layout, kChannels);
            check_av(av_frame_get_buffer(audio_frame.get(), 0), "allocating an audio frame");
            for (int c = 0; c < kChannels; ++c) {
                std::copy_n(pending[size_t(c)].begin(), n, reinterpret_cast<float*>(audio_frame->data[c]));
                pending[size_t(c)].erase(pending[size_t(c)].begin(), pending[size_t(c)].begin() + n);
            }
            audio_frame->pts = audio_pts;
            audio_pts += n;
            audio->send(audio_frame.get(), [&](AVPacket& p) { writer->write_audio(p); });
        }
    };

    auto drain_video = [&] {
        while (graph.pull(*filtered)) {
            if (!writer) open_outputs(*filtered);
            filtered->pict_type = AV_PICTURE_TYPE_NONE;
            video->send(filtered.get(), [&](AVPacket& p) { writer->write_video(p); });
            ++result.frames;
            av_frame_unref(filtered.get());
        }
    };

    // Audio decoded before the first video frame comes out of the filters waits here.
    std::vector<std::vector<float>> early(kChannels);
    AudioNormalizer early_normalizer(kRate, kChannels);
    auto on_audio = [&](AVFrame& frame) {
        AudioNormalizer& n = normalizer ? *normalizer : early_normalizer;
        const int count = n.convert(frame);
        const int64_t first = av_rescale_q(frame.pts, reader.audio_time_base(), {1, kRate});
        auto& target = writer ? pending : early;
        for (int i = 0; i < count; ++i) {
            const int64_t s = first + i;
            if (s < start_sample || s >= end_sample) continue;
            for (int c = 0; c < kChannels; ++c) target[size_t(c)].push_back(n.planes()[c][i]);
        }
        if (writer) write_audio(false);
        return first < end_sample;
    };

    try {
        reader.decode(
            [&](AVFrame& frame) {
                graph.push(0, &frame);
                drain_video();
                if (writer && !early[0].empty()) {
                    for (int c = 0; c < kChannels; ++c)
                        pending[size_t(c)].insert(pending[size_t(c)].begin(), early[size_t(c)].begin(), early[size_t(c)].end());
                    early.assign(kChannels, {});
                }
                return true;
            },
            on_audio);
        graph.push(0, nullptr);
        drain_video();
        if (!writer) throw Error("exporting " + input + ": no pictures in the chosen range");
        for (int c = 0; c < kChannels; ++c)
            pending[size_t(c)].insert(pending[size_t(c)].begin(), early[size_t(c)].begin(), early[size_t(c)].end());
        write_audio(true);
        video->send(nullptr, [&](AVPacket& p) { writer->write_video(p); });
        if (audio) audio->send(nullptr, [&](AVPacket& p) { writer->write_audio(p); });
        writer->finish();
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
    result.duration_s = double(result.frames) / fps;
    return result;
}

}  // namespace

AnimationOptions animation_options(const ExportOptions& o) {
    AnimationOptions a;
    if (o.fps > 0) a.fps = o.fps;
    if (o.width > 0) a.width = o.width;
    a.start_s = o.start_s;
    a.end_s = o.end_s;
    a.quality = o.gif_quality;
    return a;
}

ExportResult export_clip(const std::string& input, const std::string& output, const ExportOptions& o) {
    if (o.end_s > 0 && o.end_s <= o.start_s) throw Error("--end must be after --start");
    const std::string ext = extension_of(output);
    const AnimationOptions animation = animation_options(o);
    if (ext == ".gif") {
        GifOptions g;
        static_cast<AnimationOptions&>(g) = animation;
        g.max_bytes = o.gif_max_bytes;
        g.dither = o.gif_dither;
        const GifResult r = export_gif(input, output, g);
        return {output, r.duration_s, r.frames_out, r.gave_up, r.fits};
    }
    if (ext == ".webp") {
        const WebpResult r = export_webp(input, output, animation);
        return {output, r.duration_s, r.frames};
    }
    if (ext == ".mp4" || ext == ".m4v" || ext == ".mov") return export_mp4(input, output, o);
    throw Error("cannot export to '" + output + "': use a .mp4, .gif or .webp file name");
}

}  // namespace clipnote
