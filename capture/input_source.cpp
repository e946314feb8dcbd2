#include "capture/input_source.h"

#include <chrono>

#include "common/clock.h"
#include "common/av_error.h"

extern "C" {
#include <libavdevice/avdevice.h>
#include <libavutil/time.h>
}

namespace clipnote {

namespace {

bool has_complete_parameters(const AVFormatContext* ctx, MediaKind kind) {
    for (unsigned i = 0; i < ctx->nb_streams; ++i) {
        const AVCodecParameters* par = ctx->streams[i]->codecpar;
        if (par->codec_id == AV_CODEC_ID_NONE) continue;
        if (kind == MediaKind::video && par->codec_type == AVMEDIA_TYPE_VIDEO && par->width > 0 && par->height > 0 &&
            (par->format >= 0 || par->codec_id != AV_CODEC_ID_RAWVIDEO))
            return true;
        if (kind == MediaKind::audio && par->codec_type == AVMEDIA_TYPE_AUDIO && par->sample_rate > 0 &&
            par->ch_layout.nb_channels > 0 && par->format >= 0)
            return true;
    }
    return false;
}

// A source that yields nothing but errors (unreadable or undecodable packets) for this long has
// stopped producing; anything shorter is a glitch that the recording rides out.
constexpr int64_t kFailingForUs = 2'000'000;
constexpr int64_t kReadRetryUs = 20'000;

int interrupt_callback(void* opaque) {
    return static_cast<std::atomic<bool>*>(opaque)->load() ? 1 : 0;
}

}  // namespace

InputSource::InputSource(std::string role, SourceSpec spec, MediaKind kind)
    : role_(std::move(role)), spec_(std::move(spec)), kind_(kind), live_(is_live_format(spec_.format)) {
    avdevice_register_all();
    const std::string what = "cannot open " + role_ + " " + spec_.describe();
    const AVInputFormat* input_format = av_find_input_format(spec_.format.c_str());
    if (!input_format) throw Error(what + ": unknown input format '" + spec_.format + "'");

    AVDictionary* raw_options = nullptr;
    for (const auto& [key, value] : spec_.options) av_dict_set(&raw_options, key.c_str(), value.c_str(), 0);
    std::unique_ptr<AVDictionary, DictionaryDeleter> options(raw_options);

    AVFormatContext* ctx = avformat_alloc_context();
    ctx->interrupt_callback = {interrupt_callback, &stop_};
    raw_options = options.release();
    int ret = avformat_open_input(&ctx, spec_.url.c_str(), input_format, &raw_options);
    options.reset(raw_options);
    if (ret < 0) throw Error(what + ": " + av_error_text(ret));  // ctx is freed by FFmpeg on failure
    format_.reset(ctx);

    // Devices describe their streams when opened; probing them (find_stream_info) would read,
    // and throw away, up to a second of audio before the recording can start.
    if (!has_complete_parameters(ctx, kind)) check_av(avformat_find_stream_info(ctx, nullptr), what);
    const AVMediaType type = kind == MediaKind::video ? AVMEDIA_TYPE_VIDEO : AVMEDIA_TYPE_AUDIO;
    const AVCodec* codec = nullptr;
    stream_index_ = av_find_best_stream(ctx, type, -1, -1, &codec, 0);
    if (stream_index_ < 0 || !codec)
        throw Error(what + ": it has no " + (kind == MediaKind::video ? "video" : "audio") + " stream");
    AVStream* stream = ctx->streams[stream_index_];
    time_base_ = stream->time_base;

    decoder_.reset(avcodec_alloc_context3(codec));
    check_av(avcodec_parameters_to_context(decoder_.get(), stream->codecpar), what);
    decoder_->pkt_timebase = stream->time_base;
    check_av(avcodec_open2(decoder_.get(), codec, nullptr), what);
}

InputSource::~InputSource() { stop(); }

void InputSource::start(CaptureQueue& queue, int source_index, int64_t start_us) {
    thread_ = std::thread([this, &queue, source_index, start_us] { run(queue, source_index, start_us); });
}

void InputSource::stop() {
    stop_ = true;
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

std::optional<std::string> InputSource::error() const {
    std::lock_guard lock(error_mutex_);
    return error_;
}

bool InputSource::wait_until_us(int64_t when_us) {
    std::unique_lock lock(mutex_);
    const auto deadline = std::chrono::steady_clock::time_point(std::chrono::microseconds(when_us));
    wake_.wait_until(lock, deadline, [&] { return stop_.load(); });
    return !stop_;
}

int64_t InputSource::stamp(const AVFrame& frame, int64_t start_us) {
    const int64_t pts = frame.best_effort_timestamp;
    const int64_t pts_us = pts == AV_NOPTS_VALUE ? AV_NOPTS_VALUE : av_rescale_q(pts, time_base_, {1, 1000000});
    if (!live_) {
        // Synthetic/file input: its own timeline, replayed in real time from start_us.
        if (pts_us == AV_NOPTS_VALUE) return monotonic_us();
        if (first_pts_us_ == AV_NOPTS_VALUE) first_pts_us_ = pts_us;
        return start_us + (pts_us - first_pts_us_);
    }
    const int64_t now_mono = monotonic_us();
    // Devices such as x11grab and pulse stamp with the wall clock (pulse corrects for its
    // latency); carry that over onto the monotonic clock. Anything else: the time it arrived.
    if (pts_us != AV_NOPTS_VALUE) {
        const int64_t age = av_gettime() - pts_us;
        if (age >= 0 && age < 2'000'000) return now_mono - age;
    }
    if (kind_ == MediaKind::audio && frame.sample_rate > 0)
        return now_mono - int64_t(frame.nb_samples) * 1'000'000 / frame.sample_rate;
    return now_mono;
}

void InputSource::failing(int ret, const char* what) {
    const int64_t now = monotonic_us();
    if (failing_since_us_ == AV_NOPTS_VALUE) failing_since_us_ = now;
    if (now - failing_since_us_ < kFailingForUs) return;
    throw Error(role_ + " " + spec_.describe() + " stopped producing: " + what + " for " +
                std::to_string((now - failing_since_us_) / 1'000'000) + " s (" + av_error_text(ret) + ")");
}

void InputSource::run(CaptureQueue& queue, int source_index, int64_t start_us) {
    try {
        PacketPtr packet = make_packet();
        bool draining = false;
        while (!stop_) {
            if (!draining) {
                const int ret = av_read_frame(format_.get(), packet.get());
                if (ret == AVERROR(EAGAIN)) continue;
                if (stop_) break;  // the interrupt callback ended the read
                if (ret == AVERROR_EOF) {
                    // A device does not end by itself: it was unplugged or its server went away.
                    if (live_) throw Error(role_ + " " + spec_.describe() + " stopped delivering: end of stream");
                    draining = true;
                    avcodec_send_packet(decoder_.get(), nullptr);
                } else if (ret < 0) {
                    // A read error may pass (a glitch); one that persists ends the recording.
                    failing(ret, "read errors");
                    if (!wait_until_us(monotonic_us() + kReadRetryUs)) break;
                    continue;
                } else {
                    const bool ours = packet->stream_index == stream_index_;
                    const int sent = ours ? avcodec_send_packet(decoder_.get(), packet.get()) : 0;
                    av_packet_unref(packet.get());
                    if (sent < 0) {
                        // One damaged packet (a camera's broken JPEG) is skipped, not fatal.
                        ++skipped_;
                        failing(sent, "undecodable packets");
                        continue;
                    }
                }
            }
            while (!stop_) {
                FramePtr frame = make_frame();
                const int ret = avcodec_receive_frame(decoder_.get(), frame.get());
                if (ret == AVERROR(EAGAIN)) break;
                if (ret == AVERROR_EOF) {
                    stop_ = true;  // the input ended (a finite synthetic source or a file)
                    break;
                }
                if (ret < 0) {
                    ++skipped_;
                    if (draining) stop_ = true;  // a damaged last packet: the input has ended anyway
                    else failing(ret, "undecodable packets");
                    break;  // read on: the decoder may hold nothing more for this packet
                }
                failing_since_us_ = AV_NOPTS_VALUE;
                const int64_t when = stamp(*frame, start_us);
                if (!live_ && !wait_until_us(when)) break;
                queue.push({source_index, when, std::move(frame)});
            }
        }
    } catch (const std::exception& e) {
        std::lock_guard lock(error_mutex_);
        error_ = e.what();
    }
    finished_ = true;
    queue.wake();
}

}  // namespace clipnote
