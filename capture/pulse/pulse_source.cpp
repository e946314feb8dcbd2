#include "capture/pulse/pulse_source.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <memory>

#include <pulse/error.h>
#include <pulse/rtclock.h>
#include <pulse/timeval.h>

#include "common/av_ptr.h"
#include "common/clock.h"
#include "common/error.h"
#include "common/trace.h"

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/frame.h>
}

namespace clipnote {

namespace {

constexpr pa_usec_t kFragmentUs = 20'000;
// The most a source's own latency (device and server, beyond what is buffered for us) may add to
// a chunk's age: a sound card's is a few to a few tens of milliseconds.
constexpr int64_t kMaxSourceLatencyUs = 40'000;
// A server that accepts the connection but never answers must not hang the recording's start.
constexpr pa_usec_t kOpenTimeoutUs = 5'000'000;

int option_int(const SourceSpec& spec, const char* key, int fallback, int low, int high) {
    const auto it = spec.options.find(key);
    if (it == spec.options.end()) return fallback;
    try {
        const int value = std::stoi(it->second);
        if (value >= low && value <= high) return value;
    } catch (const std::exception&) {
    }
    throw Error("cannot open " + spec.describe() + ": " + key + "=" + it->second + " is not a number from " +
                std::to_string(low) + " to " + std::to_string(high));
}

const char* server_reason(pa_context* context) { return pa_strerror(pa_context_errno(context)); }

}  // namespace

PulseSource::PulseSource(std::string role, SourceSpec spec) : role_(std::move(role)), spec_(std::move(spec)) {
    const std::string what = "cannot open " + role_ + " " + spec_.describe();
    sample_spec_.format = PA_SAMPLE_FLOAT32NE;
    sample_spec_.rate = uint32_t(option_int(spec_, "sample_rate", 48000, 8000, 192000));
    sample_spec_.channels = uint8_t(option_int(spec_, "channels", 2, 1, 8));

    loop_.reset(pa_threaded_mainloop_new());
    if (!loop_) throw Error(what + ": out of memory");
    context_.reset(pa_context_new(pa_threaded_mainloop_get_api(loop_.get()), "clipnote"));
    if (!context_) throw Error(what + ": out of memory");
    pa_context_set_state_callback(context_.get(), on_context_state, this);
    const auto server = spec_.options.find("server");
    if (pa_context_connect(context_.get(), server == spec_.options.end() ? nullptr : server->second.c_str(),
                           PA_CONTEXT_NOFLAGS, nullptr) < 0)
        throw Error(what + ": no sound server (" + server_reason(context_.get()) + ")");

    try {
        open_stream(what);
    } catch (...) {
        // Stop the loop's thread before the handles go (members are released after this).
        pa_threaded_mainloop_stop(loop_.get());
        release_handles();
        throw;
    }
}

void PulseSource::open_stream(const std::string& what) {
    PulseLock lock(loop_.get());
    if (pa_threaded_mainloop_start(loop_.get()) < 0) throw Error(what + ": cannot start libpulse's thread");
    pa_mainloop_api* api = pa_threaded_mainloop_get_api(loop_.get());
    const auto on_timeout = [](pa_mainloop_api*, pa_time_event*, const struct timeval*, void* self) {
        auto* source = static_cast<PulseSource*>(self);
        source->timed_out_ = true;
        pa_threaded_mainloop_signal(source->loop_.get(), 0);
    };
    const std::unique_ptr<pa_time_event, std::function<void(pa_time_event*)>> timeout(
        pa_context_rttime_new(context_.get(), pa_rtclock_now() + kOpenTimeoutUs, on_timeout, this),
        [api](pa_time_event* event) { api->time_free(event); });
    wait_for([&] { return pa_context_get_state(context_.get()) == PA_CONTEXT_READY; }, what + ": no sound server");

    pa_channel_map map;
    pa_channel_map_init_extend(&map, sample_spec_.channels, PA_CHANNEL_MAP_DEFAULT);
    stream_.reset(pa_stream_new(context_.get(), "clipnote recording", &sample_spec_, &map));
    if (!stream_) throw Error(what + ": " + server_reason(context_.get()));
    pa_stream_set_state_callback(stream_.get(), on_stream_state, this);
    pa_stream_set_read_callback(stream_.get(), on_read, this);
    pa_buffer_attr attr;
    attr.maxlength = uint32_t(-1);
    attr.tlength = attr.prebuf = attr.minreq = uint32_t(-1);
    attr.fragsize = uint32_t(pa_usec_to_bytes(kFragmentUs, &sample_spec_));
    const std::string& device = spec_.url;
    const auto flags = pa_stream_flags_t(PA_STREAM_START_CORKED | PA_STREAM_ADJUST_LATENCY |
                                         PA_STREAM_INTERPOLATE_TIMING | PA_STREAM_AUTO_TIMING_UPDATE);
    if (pa_stream_connect_record(stream_.get(), device.empty() || device == "default" ? nullptr : device.c_str(),
                                 &attr, flags) < 0)
        throw Error(what + ": " + server_reason(context_.get()));
    wait_for([&] { return pa_stream_get_state(stream_.get()) == PA_STREAM_READY; }, what);
}

PulseSource::~PulseSource() {
    stop();
    release_handles();
}

void PulseSource::release_handles() {
    // The loop's thread has ended: the stream and the context go without a lock, before the loop,
    // and without callbacks (disconnecting reports a state change).
    if (stream_) {
        pa_stream_set_state_callback(stream_.get(), nullptr, nullptr);
        pa_stream_set_read_callback(stream_.get(), nullptr, nullptr);
    }
    if (context_) pa_context_set_state_callback(context_.get(), nullptr, nullptr);
    stream_.reset();
    context_.reset();
}

template <typename Ready>
void PulseSource::wait_for(Ready ready, const std::string& what) {
    while (!ready()) {
        const auto context_state = pa_context_get_state(context_.get());
        const bool stream_failed = stream_ && !PA_STREAM_IS_GOOD(pa_stream_get_state(stream_.get()));
        if (!PA_CONTEXT_IS_GOOD(context_state) || stream_failed) throw Error(what + ": " + server_reason(context_.get()));
        if (timed_out_) throw Error(what + ": the sound server did not answer within 5 s");
        pa_threaded_mainloop_wait(loop_.get());
    }
}

void PulseSource::on_context_state(pa_context* context, void* self) {
    auto* source = static_cast<PulseSource*>(self);
    pa_threaded_mainloop_signal(source->loop_.get(), 0);
    if (!PA_CONTEXT_IS_GOOD(pa_context_get_state(context)))
        source->fail(std::string("the sound server went away (") + server_reason(context) + ")");
}

void PulseSource::on_stream_state(pa_stream* stream, void* self) {
    auto* source = static_cast<PulseSource*>(self);
    pa_threaded_mainloop_signal(source->loop_.get(), 0);
    if (!PA_STREAM_IS_GOOD(pa_stream_get_state(stream)))
        source->fail(std::string("its stream ended (") + server_reason(pa_stream_get_context(stream)) + ")");
}

void PulseSource::on_read(pa_stream* stream, size_t, void* self) {
    auto* source = static_cast<PulseSource*>(self);
    while (pa_stream_readable_size(stream) > 0) {
        const void* data = nullptr;
        size_t bytes = 0;
        if (pa_stream_peek(stream, &data, &bytes) < 0 || bytes == 0) return;
        if (data) source->deliver(data, bytes);  // no data but a length: a hole, skipped
        pa_stream_drop(stream);
    }
}

void PulseSource::deliver(const void* data, size_t bytes) {
    const int64_t now = monotonic_us();
    const size_t frame_bytes = pa_frame_size(&sample_spec_);
    const int samples = int(bytes / frame_bytes);
    if (samples == 0) return;
    // The stream's latency is the age of the oldest sample not yet read: this chunk's first one,
    // which is at least as old as what is buffered from it on (this chunk, not dropped yet, and
    // what follows it), plus the source's own latency. Right after the stream is uncorked,
    // libpulse's estimate can be far off (130-240 ms for a 5 ms chunk on a null sink) and then
    // slews to the truth within 200 ms: timestamps running at twice real time, which the timeline
    // took for a jump and filled with silence. So it counts for at most kMaxSourceLatencyUs more.
    const size_t readable_now = pa_stream_readable_size(stream_.get());  // (size_t)-1: an error
    const size_t readable = readable_now == size_t(-1) ? bytes : std::max(bytes, readable_now);
    const int64_t buffered_us = int64_t(readable / frame_bytes) * 1'000'000 / sample_spec_.rate;
    int64_t age_us = buffered_us;
    pa_usec_t latency = 0;
    int negative = 0;
    if (pa_stream_get_latency(stream_.get(), &latency, &negative) == 0 && !negative)
        age_us = std::clamp(int64_t(latency), buffered_us, buffered_us + kMaxSourceLatencyUs);
    const int64_t captured = now - age_us;

    std::lock_guard lock(mutex_);
    if (!queue_) return;  // corked streams deliver nothing; this is a chunk from before start()
    FramePtr frame = make_frame();
    frame->format = AV_SAMPLE_FMT_FLT;
    frame->sample_rate = int(sample_spec_.rate);
    frame->nb_samples = samples;
    av_channel_layout_default(&frame->ch_layout, sample_spec_.channels);
    if (av_frame_get_buffer(frame.get(), 0) < 0) return;  // out of memory: this chunk is lost
    std::memcpy(frame->data[0], data, size_t(samples) * frame_bytes);
    if (!traced_first_) {
        traced_first_ = true;
        trace_event("pulse-first-audio", captured);
    }
    queue_->push({index_, captured, std::move(frame)});
}

void PulseSource::fail(const std::string& why) {
    std::lock_guard lock(mutex_);
    if (stopped_ || error_) return;
    error_ = role_ + " " + spec_.describe() + " stopped delivering: " + why;
    if (queue_) queue_->wake();
}

void PulseSource::start(CaptureQueue& queue, int source_index, int64_t) {
    {
        std::lock_guard lock(mutex_);
        queue_ = &queue;
        index_ = source_index;
    }
    PulseLock lock(loop_.get());
    if (pa_operation* op = pa_stream_cork(stream_.get(), 0, nullptr, nullptr)) pa_operation_unref(op);
}

void PulseSource::stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopped_) return;
        stopped_ = true;
        queue_ = nullptr;
    }
    pa_threaded_mainloop_stop(loop_.get());
}

std::optional<std::string> PulseSource::error() const {
    std::lock_guard lock(mutex_);
    return error_;
}

}  // namespace clipnote
