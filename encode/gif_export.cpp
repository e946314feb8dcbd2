#include "encode/gif_export.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

#include "encode/clip_frames.h"
#include "encode/gif/gif_encoder.h"
#include "encode/gif/gif_size_fit.h"
#include "encode/media_reader.h"

namespace clipnote {

namespace {

// A size limit is aimed at with this margin, so the prediction's error stays under it.
constexpr double kFitMargin = 0.95;

// Centiseconds frame `n` is shown at `fps`, rounded so that the delays add up to the duration.
int delay_cs(int64_t n, int fps) {
    return int(std::llround((n + 1) * 100.0 / fps) - std::llround(n * 100.0 / fps));
}

// What an encode wrote, for comparing it with a shorter probe encode: the file up to its first frame
// (which every encode has once, whatever its length and frame rate), and up to `probe_s`.
struct EncodeBytes {
    int64_t first_frame = 0;
    int64_t before_probe = 0;
};

// One encode of `input` into `temp` with `o`'s settings; `bytes`, if given, filled in.
GifResult encode_once(MediaReader& reader, const std::string& input, const std::string& temp, const GifOptions& o,
                      const CancelFlag* cancel, double progress_from, double progress_span, double probe_s = 0,
                      EncodeBytes* bytes = nullptr) {
    gif::GifTuning tuning = gif::tuning_for_quality(o.quality);
    if (o.dither) {
        tuning.quantizer.dithering = 1;
        tuning.lossy_error_sq = 0;  // its substitutions would flatten the pattern again
    }
    const ClipFrameSettings frames{o.fps, o.width, o.start_s, o.end_s};
    const double expected_frames = std::max(1.0, clip_span_s(reader, frames) * o.fps);

    std::unique_ptr<gif::GifEncoder> encoder;
    GifResult result;
    const int64_t probe_frame = std::lround(probe_s * o.fps) + 1;
    result.frames_in = int(for_each_clip_frame(
        reader, frames,
        [&](const ClipFrame& f) {
            if (!encoder) encoder = std::make_unique<gif::GifEncoder>(temp, f.width, f.height, tuning);
            // The writer holds each frame until the next: after adding frame n+1, frames <= n are out.
            if (bytes && bytes->first_frame == 0 && encoder->frames_written() > 0) bytes->first_frame = encoder->bytes_written();
            if (bytes && f.index == probe_frame) bytes->before_probe = encoder->bytes_written();
            encoder->add(f.rgba, delay_cs(f.index, o.fps));
            if (o.on_progress) o.on_progress(progress_from + progress_span * std::min(1.0, double(f.index + 1) / expected_frames));
        },
        cancel));
    if (!encoder) throw Error("making a GIF of " + input + ": no pictures in the chosen range");
    encoder->finish();
    if (bytes && bytes->first_frame == 0) bytes->first_frame = encoder->bytes_written();
    if (bytes && bytes->before_probe == 0) bytes->before_probe = encoder->bytes_written();
    result.frames_out = encoder->frames_written();
    result.bytes = encoder->bytes_written();
    int64_t total_cs = 0;
    for (int64_t n = 0; n < result.frames_in; ++n) total_cs += delay_cs(n, o.fps);
    result.duration_s = total_cs / 100.0;
    result.encodes = 1;
    result.fps = o.fps;
    result.quality = o.quality;
    return result;
}

std::string describe_changes(const GifOptions& from, const GifOptions& to) {
    std::string d;
    auto add = [&](const std::string& what) { d += (d.empty() ? "" : ", ") + what; };
    if (to.fps != from.fps) add(std::to_string(from.fps) + " -> " + std::to_string(to.fps) + " fps");
    if (to.width != from.width) add(std::to_string(from.width) + " -> " + std::to_string(to.width) + " px wide");
    if (to.quality != from.quality) add("quality " + std::to_string(from.quality) + " -> " + std::to_string(to.quality));
    return d;
}

// The bytes the whole clip takes with the probe's settings, from what the first encode took and what
// the two took up to the probe's end. The first frame scales with the picture alone, the frames
// after it with the frame rate too; taken together, a short probe (where the first frame weighs
// most) made a lower frame rate look dearer than it is, and the GIF came out well under its limit.
double predict_bytes(int64_t whole, const EncodeBytes& first, const EncodeBytes& probe) {
    const int64_t first_rest = first.before_probe - first.first_frame, probe_rest = probe.before_probe - probe.first_frame;
    if (first_rest <= 0 || probe_rest <= 0 || whole <= first.first_frame)
        return double(whole) * double(probe.before_probe) / double(first.before_probe);
    return double(probe.first_frame) + double(whole - first.first_frame) * double(probe_rest) / double(first_rest);
}

}  // namespace

GifResult export_gif(const std::string& input, const std::string& output, const GifOptions& o, const CancelFlag* cancel) {
    if (o.fps < 1 || o.fps > 50) throw Error("GIF fps must be between 1 and 50");
    if (o.quality < 1 || o.quality > 100) throw Error("GIF quality must be between 1 and 100");
    MediaReader reader(input, false);
    const int source_width = reader.video().width;
    GifOptions first = o;
    if (first.width <= 0 || first.width > source_width) first.width = source_width;

    const std::string temp = output + ".part";
    try {
        const double first_span = o.max_bytes > 0 ? 0.5 : 1.0;
        // A third of the clip (at least 1 s) is what a probe encode tries a plan on.
        const double clip_s = clip_span_s(reader, {o.fps, o.width, o.start_s, o.end_s});
        const double probe_s = std::min(clip_s, std::max(1.0, clip_s / 3));
        EncodeBytes first_bytes;
        GifResult r = encode_once(reader, input, temp, first, cancel, 0, first_span, probe_s, &first_bytes);
        r.width = first.width;
        if (o.max_bytes > 0 && r.bytes > o.max_bytes) {
            const int64_t target = int64_t(o.max_bytes * kFitMargin);
            GifOptions second = first;
            auto apply = [&](const gif::GifSettings& s) {
                second.fps = s.fps;
                second.width = s.width;
                second.quality = s.quality;
            };
            apply(gif::plan_to_fit({first.fps, first.width, first.quality}, r.bytes, target));
            // The model's exponents differ from clip to clip: try the plan on the first part of
            // the clip, and correct the width by what that shows.
            if (first_bytes.before_probe > 0 && probe_s < clip_s) {
                GifOptions probe = second;
                probe.end_s = o.start_s + probe_s;
                probe.on_progress = nullptr;
                reader.rewind();
                EncodeBytes probe_bytes;
                const GifResult probed = encode_once(reader, input, temp, probe, cancel, 0.5, 0, 0, &probe_bytes);
                probe_bytes.before_probe = probed.bytes;  // it ends where the first encode's count stopped
                const double predicted = predict_bytes(r.bytes, first_bytes, probe_bytes);
                if (predicted > target * 1.02) {
                    apply(gif::plan_to_fit({second.fps, second.width, second.quality}, int64_t(predicted), target));
                } else if (predicted < target * 0.97) {
                    // Gave up too much: widen again (bytes grow with the width to about 1.8).
                    second.width = std::min(first.width, int(std::lround(second.width * std::pow(target / predicted, 1 / 1.8))) & ~1);
                }
            }
            reader.rewind();
            GifResult r2 = encode_once(reader, input, temp, second, cancel, 0.5, 0.5);
            r2.width = second.width;
            r2.encodes = 2;
            r2.gave_up = describe_changes(first, second);
            // Still too big (the clip's second part is busier than its first): once more, from
            // what this encode measured.
            if (r2.bytes > o.max_bytes) {
                apply(gif::plan_to_fit({second.fps, second.width, second.quality}, r2.bytes, target));
                reader.rewind();
                r2 = encode_once(reader, input, temp, second, cancel, 0.5, 0.5);
                r2.width = second.width;
                r2.encodes = 3;
                r2.gave_up = describe_changes(first, second);
            }
            r = r2;
        }
        r.fits = o.max_bytes <= 0 || r.bytes <= o.max_bytes;
        if (std::rename(temp.c_str(), output.c_str()) != 0) throw Error("cannot write " + output);
        return r;
    } catch (...) {
        std::remove(temp.c_str());
        throw;
    }
}

}  // namespace clipnote
