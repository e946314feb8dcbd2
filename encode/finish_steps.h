#pragma once
// What turns a stopped recording into the file the user asked for. The Recorder ends with a
// complete fragmented MP4 (playable as it is); the shell then runs these steps on a thread of its
// own, one after another, and may cancel them at any moment:
//   finalise: rewrite it as a faststart MP4 with edit lists (true duration in every player);
//   gif:      (GIF recordings) convert it, then remove the intermediate MP4 (kept when the GIF
//             cannot fit its size limit: it is the smaller thing to send);
//   webp:     (animated WebP recordings) convert it, then remove the intermediate MP4.
// Nothing recorded is ever lost: a step that fails or is cancelled leaves the last good file
// (the fragmented MP4, or the finalised one) and says where it is.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/cancel.h"
#include "encode/gif_export.h"
#include "encode/mp4_writer.h"

namespace clipnote {

enum class FinishStep { finalise, gif, webp };
const char* to_string(FinishStep step);

// Everything the steps need, taken from the recorder's final snapshot.
struct FinishJob {
    std::string recorded;             // the complete fragmented MP4 the Recorder wrote
    std::vector<StreamShift> shifts;  // from the sink, for the edit lists
    std::string output;               // what the user asked for (.mp4, .gif or .webp)
    bool gif = false;
    bool webp = false;
    GifOptions gif_options;           // the WebP takes its fps, width, part and quality
};

struct FinishResult {
    bool ok = false;         // `output` is the file the user asked for
    bool cancelled = false;
    std::string file;        // the file the user now has (the output, or the kept recording)
    std::string error;       // one line, when not ok and not cancelled
    std::string note;        // e.g. "the recording is kept in ..."
    std::int64_t bytes = 0;
    std::string gif_gave_up;  // what the GIF gave up to fit its size limit, e.g. "15 -> 10 fps"
    bool gif_fits = true;     // false: the GIF is over its limit even at the smallest settings
    std::string kept_recording;  // the MP4 the GIF was made from, kept because the GIF does not fit
};

class RecordingFinisher {
public:
    explicit RecordingFinisher(FinishJob job);
    const std::vector<FinishStep>& steps() const { return steps_; }
    // Runs every step on the calling thread; `on_step` hears each one as it begins, `on_progress`
    // how far the GIF step is (0..1), from the same thread.
    FinishResult run(const std::function<void(FinishStep)>& on_step = {},
                     const std::function<void(FinishStep, double)>& on_progress = {});
    // From any thread: the running step stops at its next unit of work; the last good file stays.
    void cancel() { cancel_.cancel(); }

private:
    FinishJob job_;
    std::vector<FinishStep> steps_;
    CancelFlag cancel_;
};

}  // namespace clipnote
