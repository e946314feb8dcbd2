#pragma once
// The core's recorder. A shell (CLI or desktop app) posts commands to it and reads a snapshot of
// its state; the Recorder owns the pipeline thread and, through its CaptureSources, the capture
// threads. Its states and transitions are decided in one place, recorder_state.h. It ends with a
// complete fragmented MP4; turning that into the faststart MP4 or GIF the user asked for is up to
// the shell (finish_steps.h), so it can show and cancel that work. A Recorder can record again
// once a recording has ended; destroying it stops cleanly and keeps what was recorded.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "capture/source_spec.h"
#include "encode/bubble_compositor.h"
#include "encode/finish_steps.h"
#include "encode/click_rings.h"
#include "encode/gif_export.h"
#include "encode/output_sink.h"
#include "encode/recorder_state.h"

namespace clipnote {

enum class OutputFormat { mp4, gif, webp };

struct RecordOptions {
    std::optional<SourceSpec> screen;  // the picture, unless camera_only
    std::optional<SourceSpec> camera;  // a bubble over the screen, or the picture when camera_only
    bool camera_only = false;
    std::optional<std::string> bubble;  // "CORNER,SIZE"; defaults when a camera is on with a screen
    std::optional<SourceSpec> mic;
    std::optional<SourceSpec> system_audio;
    int fps = 30;
    int crf = 23;
    std::string preset = "superfast";
    // Step to faster presets when the encoder falls behind (pins the SPS-shaping settings, see
    // encoder_ladder.h). Off when the caller wants an exact preset or passes its own x264 params.
    bool adaptive = true;
    std::string x264_params;
    double duration_s = 0;  // 0: until stop()
    std::string output;  // what the user gets once the finish steps ran (.mp4, .gif or .webp)
    OutputFormat format = OutputFormat::mp4;
    GifOptions gif;  // a WebP takes its fps, width, part and quality
    // Click highlight: the rings to draw into each picture (none when empty).
    ClickRingSource click_rings;
    // Where the packets go; default: a fragmented MP4 on disk (output_sink.h).
    SinkFactory sink = make_fragmented_mp4_sink;
};

struct RecorderSnapshot {
    RecorderState state = RecorderState::idle;
    double elapsed_s = 0;    // recorded time on the output timeline
    int64_t bytes = 0;       // written so far
    double fps = 0;          // frames encoded over the last second
    uint64_t frames = 0;     // frames encoded
    int64_t first_picture_us = 0;  // capture time (monotonic_us) of the first picture in the file
    uint64_t dropped = 0;    // captured pictures that did not make it into the file
    uint64_t duplicated = 0; // slots filled by repeating a picture
    uint64_t bad_packets = 0; // undecodable packets the sources skipped (the recording went on)
    std::string output;      // the recorded fragmented MP4 (when done, or saved despite a failure)
    std::vector<StreamShift> shifts;  // from the sink, for finalize_mp4 (when done)
    std::string error;       // one line, when failed
    std::string note;        // e.g. where a partial recording was kept
    std::string preset;      // the x264 preset in use (it changes when the encoder steps down)
};

class Recorder {
public:
    Recorder();
    ~Recorder();
    Recorder(const Recorder&) = delete;
    Recorder& operator=(const Recorder&) = delete;

    // Opens every source and the output file, then starts recording. Allowed when nothing is
    // running (idle, done, failed). Throws Error (one line) when anything cannot be opened;
    // nothing is left running then and the state is unchanged.
    void start(const RecordOptions& options);
    // Called on the pipeline thread whenever the state changes (e.g. to wake a shell's event loop).
    void on_state_change(std::function<void()> callback) { on_change_ = std::move(callback); }
    void pause();
    void resume();
    // Commands that do not apply in the current state are ignored (recorder_state.h).
    void stop();    // finish cleanly: the file keeps everything recorded so far
    void cancel();  // stop and delete the recording

    RecorderSnapshot snapshot() const;
    // Blocks until the recording has ended (done, failed or cancelled) and returns the final snapshot.
    RecorderSnapshot wait();

private:
    struct Pipeline;
    void run();
    // Applies `event` through next_state(); false (nothing changes) when it does not apply.
    bool apply(RecorderEvent event);
    void join_finished_thread();

    std::unique_ptr<Pipeline> pipeline_;
    std::thread thread_;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    RecorderSnapshot snapshot_;
    bool finished_ = true;  // no pipeline thread running (wait() returns at once)
    std::function<void()> on_change_;
};

}  // namespace clipnote

namespace clipnote {

// The finish steps for a recording that ended `done` with `options`.
FinishJob finish_job(const RecordOptions& options, const RecorderSnapshot& done);

}  // namespace clipnote
