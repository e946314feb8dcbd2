#include "capture/portal/pipewire_stream.h"

#include <fcntl.h>
#include <pipewire/pipewire.h>
#include <spa/param/video/format-utils.h>
#include <spa/pod/builder.h>
#include <spa/utils/result.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <mutex>

#include "common/error.h"
#include "common/trace.h"

namespace clipnote {

namespace {

struct FormatPair {
    spa_video_format spa;
    AVPixelFormat av;
};
// In order of preference; all are 4 bytes a pixel.
constexpr FormatPair kFormats[] = {
    {SPA_VIDEO_FORMAT_BGRx, AV_PIX_FMT_BGR0}, {SPA_VIDEO_FORMAT_RGBx, AV_PIX_FMT_RGB0},
    {SPA_VIDEO_FORMAT_BGRA, AV_PIX_FMT_BGRA}, {SPA_VIDEO_FORMAT_RGBA, AV_PIX_FMT_RGBA},
    {SPA_VIDEO_FORMAT_xRGB, AV_PIX_FMT_0RGB}, {SPA_VIDEO_FORMAT_xBGR, AV_PIX_FMT_0BGR},
    {SPA_VIDEO_FORMAT_ARGB, AV_PIX_FMT_ARGB}, {SPA_VIDEO_FORMAT_ABGR, AV_PIX_FMT_ABGR},
};

AVPixelFormat to_av(uint32_t spa) {
    for (const FormatPair& f : kFormats)
        if (f.spa == spa) return f.av;
    return AV_PIX_FMT_NONE;
}

// EnumFormat: raw video in any of kFormats, any size, any rate (the compositor decides).
const spa_pod* enum_format(spa_pod_builder& b) {
    spa_pod_frame object{}, choice{};
    spa_pod_builder_push_object(&b, &object, SPA_TYPE_OBJECT_Format, SPA_PARAM_EnumFormat);
    spa_pod_builder_prop(&b, SPA_FORMAT_mediaType, 0);
    spa_pod_builder_id(&b, SPA_MEDIA_TYPE_video);
    spa_pod_builder_prop(&b, SPA_FORMAT_mediaSubtype, 0);
    spa_pod_builder_id(&b, SPA_MEDIA_SUBTYPE_raw);
    spa_pod_builder_prop(&b, SPA_FORMAT_VIDEO_format, 0);
    spa_pod_builder_push_choice(&b, &choice, SPA_CHOICE_Enum, 0);
    spa_pod_builder_id(&b, kFormats[0].spa);  // the default
    for (const FormatPair& f : kFormats) spa_pod_builder_id(&b, f.spa);
    spa_pod_builder_pop(&b, &choice);
    spa_pod_builder_prop(&b, SPA_FORMAT_VIDEO_size, 0);
    spa_pod_builder_push_choice(&b, &choice, SPA_CHOICE_Range, 0);
    spa_pod_builder_rectangle(&b, 1920, 1080);
    spa_pod_builder_rectangle(&b, 1, 1);
    spa_pod_builder_rectangle(&b, 16384, 16384);
    spa_pod_builder_pop(&b, &choice);
    spa_pod_builder_prop(&b, SPA_FORMAT_VIDEO_framerate, 0);
    spa_pod_builder_push_choice(&b, &choice, SPA_CHOICE_Range, 0);
    spa_pod_builder_fraction(&b, 30, 1);
    spa_pod_builder_fraction(&b, 0, 1);
    spa_pod_builder_fraction(&b, 1000, 1);
    spa_pod_builder_pop(&b, &choice);
    return static_cast<const spa_pod*>(spa_pod_builder_pop(&b, &object));
}

// Buffers: plain memory we can read (mapped fds or pointers), never DMA-BUF.
const spa_pod* buffers_param(spa_pod_builder& b) {
    spa_pod_frame object{};
    spa_pod_builder_push_object(&b, &object, SPA_TYPE_OBJECT_ParamBuffers, SPA_PARAM_Buffers);
    spa_pod_builder_prop(&b, SPA_PARAM_BUFFERS_dataType, 0);
    spa_pod_builder_int(&b, (1 << SPA_DATA_MemPtr) | (1 << SPA_DATA_MemFd));
    return static_cast<const spa_pod*>(spa_pod_builder_pop(&b, &object));
}

struct ThreadLoopDeleter {
    void operator()(pw_thread_loop* l) const { pw_thread_loop_destroy(l); }
};
struct ContextDeleter {
    void operator()(pw_context* c) const { pw_context_destroy(c); }
};
struct CoreDeleter {
    void operator()(pw_core* c) const { pw_core_disconnect(c); }
};
struct StreamDeleter {
    void operator()(pw_stream* s) const { pw_stream_destroy(s); }
};

}  // namespace

struct PipeWireVideoStream::Impl {
    FrameCallback on_frame;
    ErrorCallback on_error;
    std::unique_ptr<pw_thread_loop, ThreadLoopDeleter> loop;
    std::unique_ptr<pw_context, ContextDeleter> context;
    std::unique_ptr<pw_core, CoreDeleter> core;
    std::unique_ptr<pw_stream, StreamDeleter> stream;
    spa_hook core_listener{}, stream_listener{};
    pw_core_events core_events{};
    pw_stream_events stream_events{};

    ~Impl() {
        // Stream and core go while the loop runs, under its lock (no callback runs meanwhile);
        // then the loop stops, and the context and loop go last.
        closing = true;
        if (loop) pw_thread_loop_lock(loop.get());
        stream.reset();
        core.reset();
        if (loop) {
            pw_thread_loop_unlock(loop.get());
            pw_thread_loop_stop(loop.get());
        }
        context.reset();
        loop.reset();
    }

    std::atomic<bool> closing{false};  // tearing down: a stream that ends now is no error
    std::mutex mutex;
    std::condition_variable format_known;
    std::optional<RawVideoFormat> format;
    std::string failure;
    bool streaming = false;
    bool traced_first_buffer = false;  // only the loop thread touches it

    void fail(const std::string& why) {
        if (closing) return;
        {
            std::lock_guard lock(mutex);
            if (!failure.empty()) return;
            failure = why;
        }
        format_known.notify_all();
        if (on_error) on_error(why);
    }

    static void on_param_changed(void* data, uint32_t id, const spa_pod* param) {
        auto* self = static_cast<Impl*>(data);
        if (id != SPA_PARAM_Format || !param) return;
        uint32_t media_type = 0, media_subtype = 0;
        if (spa_format_parse(param, &media_type, &media_subtype) < 0 || media_type != SPA_MEDIA_TYPE_video ||
            media_subtype != SPA_MEDIA_SUBTYPE_raw)
            return;
        spa_video_info_raw raw{};
        if (spa_format_video_raw_parse(param, &raw) < 0) return;
        RawVideoFormat f{int(raw.size.width), int(raw.size.height), to_av(raw.format)};
        if (f.pixel_format == AV_PIX_FMT_NONE) {
            self->fail("the screen stream offered no RGB format clipnote reads");
            return;
        }
        uint8_t buffer[256];
        spa_pod_builder b{};
        spa_pod_builder_init(&b, buffer, sizeof buffer);
        const spa_pod* params[] = {buffers_param(b)};
        pw_stream_update_params(self->stream.get(), params, 1);
        {
            std::lock_guard lock(self->mutex);
            self->format = f;
        }
        self->format_known.notify_all();
        trace_event("pipewire-format");
    }

    static void on_state_changed(void* data, pw_stream_state, pw_stream_state state, const char* error) {
        auto* self = static_cast<Impl*>(data);
        if (state == PW_STREAM_STATE_ERROR) self->fail(std::string("the screen stream failed: ") + (error ? error : "?"));
        if (state == PW_STREAM_STATE_STREAMING) self->streaming = true;
        if (state == PW_STREAM_STATE_UNCONNECTED && self->streaming) self->fail("the screen stream ended");
    }

    static void on_process(void* data) {
        auto* self = static_cast<Impl*>(data);
        pw_buffer* b = pw_stream_dequeue_buffer(self->stream.get());
        if (!b) return;
        const spa_buffer* buf = b->buffer;
        const spa_data& d = buf->datas[0];
        RawVideoFormat f;
        {
            std::lock_guard lock(self->mutex);
            if (self->format) f = *self->format;
        }
        if (d.data && d.chunk && d.chunk->size > 0 && !(d.chunk->flags & SPA_CHUNK_FLAG_CORRUPTED) &&
            f.pixel_format != AV_PIX_FMT_NONE) {
            const int stride = d.chunk->stride > 0 ? d.chunk->stride : f.width * 4;
            const auto* pixels = static_cast<const uint8_t*>(d.data) + d.chunk->offset;
            if (uint64_t(stride) * uint64_t(f.height) <= uint64_t(d.maxsize) - d.chunk->offset) {
                if (!self->traced_first_buffer) trace_event("pipewire-first-buffer");
                self->traced_first_buffer = true;
                self->on_frame(pixels, stride, f);
            }
        }
        pw_stream_queue_buffer(self->stream.get(), b);
    }

    static void on_core_error(void* data, uint32_t id, int, int res, const char* message) {
        auto* self = static_cast<Impl*>(data);
        if (id == PW_ID_CORE)
            self->fail(std::string("lost the PipeWire connection: ") + (message ? message : spa_strerror(res)));
    }
};

PipeWireVideoStream::PipeWireVideoStream(int fd, std::uint32_t node_id, FrameCallback on_frame, ErrorCallback on_error)
    : impl_(std::make_unique<Impl>()) {
    static std::once_flag init;
    std::call_once(init, [] { pw_init(nullptr, nullptr); });
    Impl& s = *impl_;
    s.on_frame = std::move(on_frame);
    s.on_error = std::move(on_error);
    s.loop.reset(pw_thread_loop_new("clipnote-screen", nullptr));
    if (!s.loop) throw Error("cannot start a PipeWire loop");
    s.context.reset(pw_context_new(pw_thread_loop_get_loop(s.loop.get()), nullptr, 0));
    if (!s.context) throw Error("cannot create a PipeWire context");
    if (pw_thread_loop_start(s.loop.get()) < 0) throw Error("cannot start a PipeWire loop");

    pw_thread_loop_lock(s.loop.get());
    const int own_fd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    s.core.reset(own_fd >= 0 ? pw_context_connect_fd(s.context.get(), own_fd, nullptr, 0) : nullptr);
    if (!s.core) {
        pw_thread_loop_unlock(s.loop.get());
        throw Error("cannot connect to the screen's PipeWire stream");
    }
    s.core_events.version = PW_VERSION_CORE_EVENTS;
    s.core_events.error = &Impl::on_core_error;
    pw_core_add_listener(s.core.get(), &s.core_listener, &s.core_events, &s);
    s.stream.reset(pw_stream_new(s.core.get(), "clipnote screen",
                                 pw_properties_new(PW_KEY_MEDIA_TYPE, "Video", PW_KEY_MEDIA_CATEGORY, "Capture",
                                                   PW_KEY_MEDIA_ROLE, "Screen", nullptr)));
    if (!s.stream) {
        pw_thread_loop_unlock(s.loop.get());
        throw Error("cannot create a PipeWire stream");
    }
    s.stream_events.version = PW_VERSION_STREAM_EVENTS;
    s.stream_events.param_changed = &Impl::on_param_changed;
    s.stream_events.state_changed = &Impl::on_state_changed;
    s.stream_events.process = &Impl::on_process;
    pw_stream_add_listener(s.stream.get(), &s.stream_listener, &s.stream_events, &s);
    uint8_t buffer[1024];
    spa_pod_builder b{};
    spa_pod_builder_init(&b, buffer, sizeof buffer);
    const spa_pod* params[] = {enum_format(b)};
    const int rc = pw_stream_connect(s.stream.get(), PW_DIRECTION_INPUT, node_id,
                                     pw_stream_flags(PW_STREAM_FLAG_AUTOCONNECT | PW_STREAM_FLAG_MAP_BUFFERS), params, 1);
    pw_thread_loop_unlock(s.loop.get());
    if (rc < 0) throw Error(std::string("cannot connect to the screen's PipeWire stream: ") + spa_strerror(rc));
}

PipeWireVideoStream::~PipeWireVideoStream() = default;

RawVideoFormat PipeWireVideoStream::wait_for_format(std::chrono::milliseconds timeout) {
    std::unique_lock lock(impl_->mutex);
    impl_->format_known.wait_for(lock, timeout, [&] { return impl_->format.has_value() || !impl_->failure.empty(); });
    if (!impl_->failure.empty()) throw Error(impl_->failure);
    if (!impl_->format) throw Error("the screen's PipeWire stream agreed on no picture format");
    return *impl_->format;
}

}  // namespace clipnote
