#include "encode/recorder.h"

#include "common/trace.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <vector>

#include "capture/capture_queue.h"
#include "common/clock.h"
#include "common/av_error.h"
#include "capture/capture_source.h"
#include "encode/audio_normalizer.h"
#include "encode/audio_timeline.h"
#include "encode/encoder_ladder.h"
#include "encode/frame_converter.h"
#include "encode/video_encoder.h"
#include "encode/video_grid.h"

namespace clipnote {

namespace {

constexpr int kAudioRate = 48000;
constexpr int kAudioChannels = 2;
// How long the pipeline waits for a late source before it fills the gap itself.
constexpr int64_t kLateAllowanceUs = 300'000;
constexpr int64_t kVideoStallUs = 500'000;
// A screencast that has not changed sends its first picture when the compositor gets to it, which
// on a loaded machine can be after a short --duration's end: wait that long for it rather than
// ending with nothing recorded.
constexpr int64_t kFirstPictureWaitUs = 5'000'000;

// The video a GIF or WebP is made from, beside it and visible (x.gif-source.mp4): if the step
// fails or the process dies, the user finds the recording next to where the picture would be (the
// finish step removes it).
std::string source_path_for_animation(const std::string& animation) {
    std::filesystem::path p(animation);
    return (p.parent_path() / (p.stem().string() + p.extension().string() + "-source.mp4")).string();
}

}  // namespace

// Everything the pipeline thread owns. Built on the caller's thread by start() so that every
// "cannot open" error reaches the caller directly.
struct Recorder::Pipeline {
    RecordOptions options;
    std::string mp4_path;  // where the MP4 is written (the output, or a source for the GIF)

    std::vector<std::unique_ptr<CaptureSource>> sources;
    int picture_source = -1;  // index of the source whose pictures make the video
    int bubble_source = -1;   // camera drawn as a bubble
    std::vector<int> audio_sources;
    std::unique_ptr<CaptureQueue> queue;

    int width = 0, height = 0;
    std::unique_ptr<FrameConverter> converter;
    std::unique_ptr<BubbleCompositor> bubble;
    std::unique_ptr<VideoEncoder> video_encoder;
    std::unique_ptr<AudioEncoder> audio_encoder;
    std::unique_ptr<OutputSink> sink;
    VideoGrid grid{30};
    VideoEncoderSettings video_settings;
    std::vector<std::string> ladder;  // presets to step through when behind (adaptive only)
    size_t rung = 0;
    std::unique_ptr<BacklogMonitor> backlog;
    std::vector<std::unique_ptr<AudioNormalizer>> normalizers;  // per source index (null for video)
    std::vector<std::unique_ptr<AudioTimeline>> timelines;
    FramePtr mix_frame;
    int64_t audio_read_pos = 0;

    int64_t origin_us = 0;
    int64_t end_slot = INT64_MAX;
    int64_t end_sample = INT64_MAX;
    int64_t end_us = INT64_MAX;  // on the capture clock, once known

    // Commands from the shell.
    std::atomic<bool> stop_requested{false};
    std::atomic<bool> cancel_requested{false};
    std::atomic<bool> pause_requested{false};
    bool paused = false;
    int64_t pause_started_us = 0;

    uint64_t frames = 0;
    uint64_t bad_packets = 0;  // kept here: the sources are let go before the last snapshot
    int64_t first_picture_us = 0;
    std::deque<int64_t> recent_frames_us;
};

Recorder::Recorder() = default;

Recorder::~Recorder() {
    // Stop cleanly: what was recorded stays, complete (the shell may finish it later or not).
    stop();
    if (thread_.joinable()) thread_.join();
}

void Recorder::join_finished_thread() {
    if (thread_.joinable()) thread_.join();  // the previous recording's thread has ended
    pipeline_.reset();
}

bool Recorder::apply(RecorderEvent event) {
    std::unique_lock lock(mutex_);
    const std::optional<RecorderState> next = next_state(snapshot_.state, event);
    if (!next) return false;
    const bool changed = *next != snapshot_.state;
    snapshot_.state = *next;
    lock.unlock();
    if (changed && on_change_) on_change_();
    return true;
}

void Recorder::start(const RecordOptions& o) {
    {
        std::lock_guard lock(mutex_);
        if (!finished_ || !can_start(snapshot_.state)) throw Error("a recording is already running");
    }
    join_finished_thread();
    auto p = std::make_unique<Pipeline>();
    p->options = o;
    p->mp4_path = o.format == OutputFormat::mp4 ? o.output : source_path_for_animation(o.output);

    // Sources: audio first and the picture last, so that as little time as possible passes
    // between opening the screen grabber and reading it (x11grab catches up on missed frames in a
    // burst). The picture is source 0, the bubble camera 1, audio after them.
    std::vector<std::unique_ptr<CaptureSource>> audio;
    if (o.mic) audio.push_back(open_capture_source("microphone", *o.mic, MediaKind::audio));
    if (o.system_audio) audio.push_back(open_capture_source("system audio", *o.system_audio, MediaKind::audio));
    std::unique_ptr<CaptureSource> bubble_camera;
    if (o.camera_only) {
        if (!o.camera) throw Error("--camera-only needs a camera");
        p->sources.push_back(open_capture_source("camera", *o.camera, MediaKind::video));
    } else {
        if (!o.screen) throw Error("nothing to record: no screen and no camera");
        if (o.camera) bubble_camera = open_capture_source("camera", *o.camera, MediaKind::video);
        p->sources.push_back(open_capture_source("screen", *o.screen, MediaKind::video));
    }
    p->picture_source = 0;
    if (bubble_camera) {
        p->sources.push_back(std::move(bubble_camera));
        p->bubble_source = 1;
    }
    for (auto& a : audio) {
        p->audio_sources.push_back(int(p->sources.size()));
        p->sources.push_back(std::move(a));
    }

    const CaptureSource& picture = *p->sources[size_t(p->picture_source)];
    p->width = picture.width() & ~1;
    p->height = picture.height() & ~1;
    if (p->width < 16 || p->height < 16) throw Error("the picture source is too small");
    p->converter = std::make_unique<FrameConverter>(p->width, p->height);
    if (p->bubble_source >= 0)
        p->bubble = std::make_unique<BubbleCompositor>(parse_bubble(o.bubble.value_or("br,25%"), p->height), p->width,
                                                       p->height);

    VideoEncoderSettings vs;
    vs.width = p->width;
    vs.height = p->height;
    vs.fps = o.fps;
    vs.crf = o.crf;
    vs.preset = o.preset;
    vs.x264_params = o.x264_params;
    if (o.adaptive) {
        vs.x264_params = pinned_x264_params(o.preset, int(std::thread::hardware_concurrency()));
        p->ladder = presets_from(o.preset);
    }
    p->video_settings = vs;
    p->video_encoder = std::make_unique<VideoEncoder>(vs);
    if (!p->audio_sources.empty()) {
        p->audio_encoder = std::make_unique<AudioEncoder>(AudioEncoderSettings{kAudioRate, kAudioChannels, 128000});
        p->mix_frame = make_frame();
    }
    const SinkFactory& make_sink = o.sink ? o.sink : SinkFactory(make_fragmented_mp4_sink);
    p->sink = make_sink(p->mp4_path, p->video_encoder->context(),
                        p->audio_encoder ? &p->audio_encoder->context() : nullptr);

    p->grid = VideoGrid(o.fps);
    p->backlog = std::make_unique<BacklogMonitor>(o.fps);
    p->normalizers.resize(p->sources.size());
    p->timelines.resize(p->sources.size());
    std::vector<size_t> capacity(p->sources.size(), 4);  // pictures: a few frames of slack
    for (int a : p->audio_sources) {
        p->normalizers[size_t(a)] = std::make_unique<AudioNormalizer>(kAudioRate, kAudioChannels);
        p->timelines[size_t(a)] = std::make_unique<AudioTimeline>(kAudioRate, kAudioChannels);
        capacity[size_t(a)] = 400;  // audio frames are small; a stalled pipeline keeps seconds of them
    }
    p->queue = std::make_unique<CaptureQueue>(capacity);
    if (o.duration_s > 0) {
        p->end_slot = std::llround(o.duration_s * o.fps);
        p->end_sample = std::llround(o.duration_s * kAudioRate);
    }

    p->origin_us = monotonic_us();
    trace_event("recording-start", p->origin_us);
    p->grid.set_origin(p->origin_us);
    for (int a : p->audio_sources) p->timelines[size_t(a)]->set_origin(p->origin_us);
    if (o.duration_s > 0) p->end_us = p->origin_us + int64_t(o.duration_s * 1e6);
    for (size_t i = 0; i < p->sources.size(); ++i) p->sources[i]->start(*p->queue, int(i), p->origin_us);

    {
        std::lock_guard lock(mutex_);
        const RecorderState was = snapshot_.state;
        snapshot_ = {};
        snapshot_.state = was;
        snapshot_.output = p->mp4_path;
        finished_ = false;
    }
    pipeline_ = std::move(p);
    apply(RecorderEvent::start);
    thread_ = std::thread([this] { run(); });
}

// The shell's commands are requests the pipeline thread acts on at its next turn (it applies the
// state change); a command that does not apply in the current state changes nothing.
void Recorder::pause() {
    if (pipeline_) pipeline_->pause_requested = true;
    if (pipeline_) pipeline_->queue->wake();
}
void Recorder::resume() {
    if (pipeline_) pipeline_->pause_requested = false;
    if (pipeline_) pipeline_->queue->wake();
}
void Recorder::stop() {
    if (pipeline_) pipeline_->stop_requested = true;
    if (pipeline_) pipeline_->queue->wake();
}
void Recorder::cancel() {
    {
        std::lock_guard lock(mutex_);
        // Once finishing, the recording is complete: keep it (cancelling the finish steps is the shell's).
        if (snapshot_.state != RecorderState::recording && snapshot_.state != RecorderState::paused) return;
    }
    if (pipeline_) pipeline_->cancel_requested = true;
    stop();
}

RecorderSnapshot Recorder::snapshot() const {
    std::lock_guard lock(mutex_);
    return snapshot_;
}

RecorderSnapshot Recorder::wait() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return finished_; });
    return snapshot_;
}

void Recorder::run() {
    Pipeline& p = *pipeline_;
    const int fps = p.options.fps;
    std::string error;

    auto tally_bad_packets = [&] {
        if (p.sources.empty()) return;
        p.bad_packets = 0;
        for (const auto& source : p.sources) p.bad_packets += source->skipped_packets();
    };

    // Progress for the shell's snapshot; states change only through apply().
    auto publish = [&] {
        std::lock_guard lock(mutex_);
        snapshot_.elapsed_s = double(p.grid.next_slot()) / fps;
        snapshot_.bytes = p.sink ? p.sink->bytes_written() : 0;
        snapshot_.frames = p.frames;
        snapshot_.first_picture_us = p.first_picture_us;
        const int64_t now = monotonic_us();
        while (!p.recent_frames_us.empty() && p.recent_frames_us.front() < now - 1'000'000) p.recent_frames_us.pop_front();
        snapshot_.fps = double(p.recent_frames_us.size());
        snapshot_.dropped = p.grid.dropped() + p.queue->dropped(p.picture_source);
        snapshot_.duplicated = p.grid.duplicated();
        tally_bad_packets();
        snapshot_.bad_packets = p.bad_packets;
        snapshot_.preset = p.video_settings.preset;
    };

    auto emit_picture = [&](AVFrame& picture, int64_t slot) {
        picture.pts = slot;
        p.video_encoder->send(&picture, [&](AVPacket& pkt) { p.sink->write_video(pkt); });
        ++p.frames;
        p.recent_frames_us.push_back(monotonic_us());
    };

    auto on_picture = [&](CapturedFrame& item) {
        // Pictures from before the start (a device's first frame, taken while opening) are not "dropped".
        if (item.capture_us < p.grid.origin_us() - 500'000 / fps) return;
        const VideoGrid::Placement at = p.grid.place(item.capture_us);
        if (at.dropped) return;
        if (!p.first_picture_us) p.first_picture_us = item.capture_us;
        const int64_t first_repeat = at.slot - at.repeats;
        if (!p.converter->has_picture()) {
            AVFrame& pic = p.converter->convert(*item.frame);
            if (p.bubble) p.bubble->draw(pic);
        }
        for (int64_t s = first_repeat; s < at.slot && s < p.end_slot; ++s) emit_picture(p.converter->last(), s);
        if (at.slot >= p.end_slot) return;
        AVFrame& pic = p.converter->convert(*item.frame);
        if (p.bubble) p.bubble->draw(pic);
        if (p.options.click_rings) draw_click_rings(pic, p.options.click_rings(item.capture_us));
        emit_picture(pic, at.slot);
    };

    // Swaps in the next faster encoder when the pictures pile up. The new encoder must produce
    // the very same SPS/PPS as the one the MP4 track was written with; otherwise stay put.
    auto keep_up = [&](int64_t busy_us) {
        if (p.rung + 1 >= p.ladder.size()) return;
        const int rungs = p.backlog->rungs_to_step(p.queue->waiting(p.picture_source), busy_us, monotonic_us());
        if (rungs == 0) return;
        const size_t next = std::min(p.ladder.size() - 1, p.rung + size_t(rungs));
        VideoEncoderSettings faster = p.video_settings;
        faster.preset = p.ladder[next];
        faster.x264_params = pinned_x264_params(faster.preset, int(std::thread::hardware_concurrency()));
        auto candidate = std::make_unique<VideoEncoder>(faster);
        const AVCodecContext& a = candidate->context();
        const AVCodecContext& b = p.video_encoder->context();
        if (a.extradata_size != b.extradata_size || std::memcmp(a.extradata, b.extradata, size_t(a.extradata_size)) != 0) {
            p.ladder.resize(p.rung + 1);  // incompatible: no more stepping
            return;
        }
        p.video_encoder->send(nullptr, [&](AVPacket& pkt) { p.sink->write_video(pkt); });
        p.video_encoder = std::move(candidate);
        p.video_settings = faster;
        p.rung = next;
    };

    auto on_audio = [&](CapturedFrame& item) {
        AudioNormalizer& n = *p.normalizers[size_t(item.source)];
        AudioTimeline& timeline = *p.timelines[size_t(item.source)];
        n.set_rate_correction(timeline.rate_correction());  // the source's clock drift, taken out gradually
        const int count = n.convert(*item.frame);
        timeline.write(n.planes(), count, item.capture_us);
    };

    // Mixes and encodes audio up to `target` samples (in whole AAC frames unless `final`).
    auto pump_audio = [&](int64_t target, bool final) {
        if (!p.audio_encoder) return;
        target = std::min(target, p.end_sample);
        const int frame_size = p.audio_encoder->frame_size();
        while (p.audio_read_pos < target) {
            const int n = int(std::min<int64_t>(frame_size, target - p.audio_read_pos));
            if (n < frame_size && !final) break;
            AVFrame* f = p.mix_frame.get();
            av_frame_unref(f);
            f->nb_samples = n;
            f->format = AV_SAMPLE_FMT_FLTP;
            f->sample_rate = kAudioRate;
            av_channel_layout_default(&f->ch_layout, kAudioChannels);
            check_av(av_frame_get_buffer(f, 0), "allocating an audio frame");
            for (int c = 0; c < kAudioChannels; ++c) std::fill_n(reinterpret_cast<float*>(f->data[c]), n, 0.0f);
            for (int a : p.audio_sources)
                p.timelines[size_t(a)]->mix_into(p.audio_read_pos, n, reinterpret_cast<float* const*>(f->data));
            f->pts = p.audio_read_pos;
            p.audio_encoder->send(f, [&](AVPacket& pkt) { p.sink->write_audio(pkt); });
            p.audio_read_pos += n;
        }
    };

    auto audio_ready_until = [&](int64_t now_us) {
        int64_t ready = INT64_MAX;
        for (int a : p.audio_sources) ready = std::min(ready, p.timelines[size_t(a)]->written_end());
        // A source that fell silent (stalled device) does not hold the others back for long.
        const int64_t forced = (now_us - p.grid.origin_us() - kLateAllowanceUs) * kAudioRate / 1'000'000;
        return std::max(ready, forced);
    };

    try {
        bool finishing = false;
        while (true) {
            auto item = p.queue->pop_until(std::chrono::steady_clock::now() + std::chrono::milliseconds(50));
            const int64_t now = monotonic_us();

            // Pause/resume: the paused span is cut out of the timeline by moving its origin.
            if (p.pause_requested && !p.paused && !finishing) {
                p.paused = true;
                p.pause_started_us = now;
                apply(RecorderEvent::pause);
            } else if (!p.pause_requested && p.paused) {
                const int64_t span = now - p.pause_started_us;
                p.grid.shift_origin(span);
                for (int a : p.audio_sources) p.timelines[size_t(a)]->shift_origin(span);
                if (p.end_us != INT64_MAX) p.end_us += span;
                p.paused = false;
                apply(RecorderEvent::resume);
            }

            if (item && !(p.paused && item->capture_us >= p.pause_started_us)) {
                if (item->source == p.picture_source) {
                    const int64_t began = monotonic_us();
                    on_picture(*item);
                    keep_up(monotonic_us() - began);
                }
                else if (item->source == p.bubble_source) p.bubble->update_camera(*item->frame);
                else on_audio(*item);
            }

            // A source that failed or ended stops the recording; what was recorded is kept.
            for (auto& s : p.sources) {
                if (auto e = s->error(); e && error.empty()) {
                    error = *e;
                    p.stop_requested = true;
                }
            }
            if (p.sources[size_t(p.picture_source)]->finished()) p.stop_requested = true;

            // A stop (Ctrl-C, the app, a finite input ending) ends the recording there, also
            // before a --duration's end.
            const int64_t stop_at = p.paused ? p.pause_started_us : now;
            if (p.stop_requested && stop_at < p.end_us) {
                p.end_us = stop_at;
                p.end_slot = std::max<int64_t>(1, std::llround(double(stop_at - p.grid.origin_us()) * fps / 1e6));
                p.end_sample = std::max<int64_t>(0, (stop_at - p.grid.origin_us()) * kAudioRate / 1'000'000);
            }
            if (!p.paused) {
                pump_audio(audio_ready_until(now), false);
                // A picture source that stalls still yields a constant frame rate: repeat the last picture.
                if (p.converter->has_picture()) {
                    const int64_t stalled_until = std::min(p.end_slot, p.grid.slot_at(now - kVideoStallUs));
                    for (int64_t n = p.grid.fill_until(stalled_until); n > 0; --n)
                        emit_picture(p.converter->last(), p.grid.next_slot() - n);
                }
            }
            publish();

            if (p.end_us != INT64_MAX) {
                const bool video_complete = p.grid.next_slot() >= p.end_slot;
                const bool audio_complete = !p.audio_encoder || p.audio_read_pos >= p.end_sample ||
                                            audio_ready_until(now) >= p.end_sample;
                const int64_t allowance =
                    p.converter->has_picture() || p.stop_requested ? kLateAllowanceUs : kFirstPictureWaitUs;
                const bool waited_enough = now >= p.end_us + allowance;
                if ((video_complete && audio_complete) || waited_enough || p.cancel_requested) break;
            }
        }
    } catch (const std::exception& e) {
        if (error.empty()) error = e.what();
    }

    // Finishing always runs: whatever happened, the file gets its last frames and trailer.
    apply(p.cancel_requested ? RecorderEvent::cancel : !error.empty() ? RecorderEvent::source_failed : RecorderEvent::stop);
    for (auto& s : p.sources) s->stop();
    p.queue->close();
    // Let go of the devices now, not at the next start: the camera returns to the app's preview,
    // and a portal screencast ends, so the desktop stops showing that the screen is shared.
    tally_bad_packets();
    p.sources.clear();
    std::vector<StreamShift> shifts;
    try {
        if (error.empty() && !p.cancel_requested) {
            if (p.converter->has_picture()) {
                for (int64_t n = p.grid.fill_until(p.end_slot); n > 0; --n)
                    emit_picture(p.converter->last(), p.grid.next_slot() - n);
            }
            pump_audio(p.end_sample, true);
        }
        p.video_encoder->send(nullptr, [&](AVPacket& pkt) { p.sink->write_video(pkt); });
        if (p.audio_encoder) p.audio_encoder->send(nullptr, [&](AVPacket& pkt) { p.sink->write_audio(pkt); });
        p.sink->finish();
        shifts = p.sink->shifts();
    } catch (const std::exception& e) {
        if (error.empty()) error = e.what();
    }
    publish();

    // The fragmented file is complete (or cut back to its last whole fragment after a failed
    // write) and plays as it is; finalising it or making a GIF of it is the shell's next step.
    std::string note;
    RecorderEvent outcome = RecorderEvent::finished;
    if (p.cancel_requested) {
        std::remove(p.mp4_path.c_str());
        outcome = RecorderEvent::discarded;
    } else if (p.frames == 0) {
        std::remove(p.mp4_path.c_str());
        if (error.empty()) error = "nothing was recorded";
        outcome = RecorderEvent::finish_failed;
    } else if (!error.empty()) {
        note = "what was recorded is saved in " + p.mp4_path;
        outcome = RecorderEvent::finish_failed;
    }

    {
        std::lock_guard lock(mutex_);
        snapshot_.error = error;
        snapshot_.note = note;
        snapshot_.output = outcome == RecorderEvent::discarded || p.frames == 0 ? "" : p.mp4_path;
        snapshot_.shifts = shifts;
        snapshot_.bytes = std::filesystem::exists(snapshot_.output) ? int64_t(std::filesystem::file_size(snapshot_.output)) : 0;
    }
    // The shell hears of the end before wait() returns, so nothing it does after wait() races it.
    apply(outcome);
    {
        std::lock_guard lock(mutex_);
        finished_ = true;
    }
    changed_.notify_all();
}

FinishJob finish_job(const RecordOptions& options, const RecorderSnapshot& done) {
    FinishJob job;
    job.recorded = done.output;
    job.shifts = done.shifts;
    job.output = options.output;
    job.gif = options.format == OutputFormat::gif;
    job.webp = options.format == OutputFormat::webp;
    job.gif_options = options.gif;
    return job;
}

}  // namespace clipnote
