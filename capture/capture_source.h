#pragma once
// The capture-backend seam: one live input that stamps its frames on the recording's clock and
// hands them to a CaptureQueue from a thread of its own. Today's backend is libavdevice/
// libavformat (input_source.h: x11grab, v4l2, pulse, lavfi, files); a backend of clipnote's own
// (e.g. the Wayland ScreenCast portal + PipeWire) plugs in behind the same FORMAT:URL names
// through open_capture_source().
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "capture/capture_queue.h"
#include "capture/source_spec.h"

namespace clipnote {

enum class MediaKind { video, audio };

class CaptureSource {
public:
    virtual ~CaptureSource() = default;
    virtual const std::string& role() const = 0;  // "screen", "camera", "microphone"...
    virtual const SourceSpec& spec() const = 0;
    // The size of the pictures it delivers (video sources; known once opened).
    virtual int width() const = 0;
    virtual int height() const = 0;
    // Starts the capture thread. Frames go to `queue` tagged with `source_index`; a paced input's
    // first frame is stamped `start_us`.
    virtual void start(CaptureQueue& queue, int source_index, int64_t start_us) = 0;
    // Stops and joins the capture thread; safe to call twice.
    virtual void stop() = 0;
    // Set when the thread ended on an error (device unplugged, read failure, stream lost).
    virtual std::optional<std::string> error() const = 0;
    // The input ended by itself (a file or a finite synthetic source).
    virtual bool finished() const = 0;
    // Packets that could not be decoded and were skipped (the recording goes on without them).
    virtual uint64_t skipped_packets() const { return 0; }
};

// Opens `spec` with the backend its format names. Throws Error("cannot open <role> <spec>: ...")
// when it cannot; nothing is left running then.
std::unique_ptr<CaptureSource> open_capture_source(const std::string& role, const SourceSpec& spec, MediaKind kind);

}  // namespace clipnote
