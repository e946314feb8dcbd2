#pragma once
// Microphone and system sound through libpulse's own API, named `pulse:SOURCE` (`default`, a
// source name, `@DEFAULT_MONITOR@`); PipeWire desktops serve the same protocol. libavdevice's
// pulse input opens quickly but hands over its first audio only after 0.5-2 s, because it lets
// the server choose large fragments, so the first words after a hotkey were lost. This source
// asks for 20 ms fragments on a stream opened corked, uncorks it at start() and stamps each
// chunk with the moment its first sample was captured (now minus the stream's latency).
// Options: `sample_rate` (48000), `channels` (2), `server` (else $PULSE_SERVER or the default).
#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "capture/capture_source.h"
#include "capture/pulse/pulse_handles.h"
#include "capture/source_spec.h"

namespace clipnote {

class PulseSource : public CaptureSource {
public:
    // Connects and opens the (corked) record stream. Throws Error("cannot open <role> <spec>:
    // <reason>") when the server or the source is not there.
    PulseSource(std::string role, SourceSpec spec);
    ~PulseSource() override;
    PulseSource(const PulseSource&) = delete;
    PulseSource& operator=(const PulseSource&) = delete;

    const std::string& role() const override { return role_; }
    const SourceSpec& spec() const override { return spec_; }
    int width() const override { return 0; }
    int height() const override { return 0; }
    void start(CaptureQueue& queue, int source_index, int64_t start_us) override;
    void stop() override;
    std::optional<std::string> error() const override;
    bool finished() const override { return false; }

private:
    void open_stream(const std::string& what);
    void release_handles();
    static void on_context_state(pa_context* context, void* self);
    static void on_stream_state(pa_stream* stream, void* self);
    static void on_read(pa_stream* stream, size_t bytes, void* self);
    // Waits (loop locked) until `ready` says yes; throws with the server's reason on failure.
    template <typename Ready>
    void wait_for(Ready ready, const std::string& what);
    void deliver(const void* data, size_t bytes);
    void fail(const std::string& why);

    std::string role_;
    SourceSpec spec_;
    pa_sample_spec sample_spec_{};
    PulseMainloopPtr loop_;
    PulseContextPtr context_;
    PulseStreamPtr stream_;
    bool stopped_ = false;
    bool timed_out_ = false;  // the open took too long (set on the loop's thread)

    mutable std::mutex mutex_;
    CaptureQueue* queue_ = nullptr;  // set by start(); callbacks deliver only after it
    int index_ = 0;
    bool traced_first_ = false;
    std::optional<std::string> error_;
};

}  // namespace clipnote
