#include "app/gui/live_preview.h"

extern "C" {
#include <libavutil/samplefmt.h>
#include <libswscale/swscale.h>
}

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>

#include "capture/capture_queue.h"
#include "common/clock.h"
#include "capture/capture_source.h"

namespace clipnote::gui {

namespace {

constexpr int kPreviewWidth = 320;

// The loudest sample of an audio frame, 0..1.
float peak_of(const AVFrame& f) {
    const auto fmt = AVSampleFormat(f.format);
    const bool planar = av_sample_fmt_is_planar(fmt);
    const int channels = f.ch_layout.nb_channels > 0 ? f.ch_layout.nb_channels : 1;
    const int planes = planar ? channels : 1;
    const int per_plane = planar ? f.nb_samples : f.nb_samples * channels;
    float peak = 0;
    for (int p = 0; p < planes; ++p) {
        const uint8_t* d = f.extended_data[p];
        for (int i = 0; i < per_plane; ++i) {
            float v = 0;
            switch (av_get_packed_sample_fmt(fmt)) {
                case AV_SAMPLE_FMT_S16: v = reinterpret_cast<const int16_t*>(d)[i] / 32768.0f; break;
                case AV_SAMPLE_FMT_S32: v = float(reinterpret_cast<const int32_t*>(d)[i] / 2147483648.0); break;
                case AV_SAMPLE_FMT_FLT: v = reinterpret_cast<const float*>(d)[i]; break;
                case AV_SAMPLE_FMT_DBL: v = float(reinterpret_cast<const double*>(d)[i]); break;
                case AV_SAMPLE_FMT_U8: v = (d[i] - 128) / 128.0f; break;
                default: return 0;
            }
            peak = std::max(peak, std::abs(v));
        }
    }
    return peak;
}

// -60..0 dBFS onto 0..1, so quiet speech still moves the meter.
float meter_value(float peak) {
    if (peak <= 0.001f) return 0;
    return std::clamp((20.0f * std::log10(peak) + 60.0f) / 60.0f, 0.0f, 1.0f);
}

}  // namespace

LivePreview::LivePreview(std::function<void()> wake) : wake_(std::move(wake)) {}

LivePreview::~LivePreview() { stop(); }

void LivePreview::show(const PreviewSources& sources) {
    if (running() && sources == current_) return;
    stop();
    current_ = sources;
    if (!sources.camera && !sources.mic && !sources.system_audio) return;
    stop_ = false;
    thread_ = std::thread([this, sources] { run(sources); });
}

void LivePreview::stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    std::lock_guard lock(mutex_);
    levels_ = {};
    rgba_.clear();
    width_ = height_ = 0;
    ++generation_;
}

bool LivePreview::picture(std::vector<std::uint8_t>& rgba, int& width, int& height, std::uint64_t& generation) const {
    std::lock_guard lock(mutex_);
    if (generation == generation_) return false;
    generation = generation_;
    rgba = rgba_;
    width = width_;
    height = height_;
    return true;
}

PreviewLevels LivePreview::levels() const {
    std::lock_guard lock(mutex_);
    return levels_;
}

std::vector<std::string> LivePreview::problems() const {
    std::lock_guard lock(mutex_);
    return problems_;
}

void LivePreview::run(PreviewSources sources) {
    // Opening a device can take a moment (PulseAudio, V4L2): here, not on the window's thread.
    std::vector<std::unique_ptr<CaptureSource>> inputs(3);
    std::vector<std::string> problems;
    const struct {
        const std::optional<SourceSpec>& spec;
        const char* role;
        MediaKind kind;
    } wanted[] = {{sources.camera, "camera", MediaKind::video},
                  {sources.mic, "microphone", MediaKind::audio},
                  {sources.system_audio, "system audio", MediaKind::audio}};
    for (size_t i = 0; i < 3 && !stop_; ++i) {
        if (!wanted[i].spec) continue;
        try {
            inputs[i] = open_capture_source(wanted[i].role, *wanted[i].spec, wanted[i].kind);
        } catch (const std::exception& e) {
            problems.push_back(e.what());
        }
    }
    {
        std::lock_guard lock(mutex_);
        problems_ = problems;
    }
    if (!problems.empty()) wake_();
    if (!inputs[0] && !inputs[1] && !inputs[2]) return;  // nothing to show: no need to keep waking the window
    CaptureQueue queue({4, 64, 64});
    const int64_t start = monotonic_us();
    for (size_t i = 0; i < 3; ++i)
        if (inputs[i]) inputs[i]->start(queue, int(i), start);

    SwsPtr sws;
    std::vector<std::uint8_t> rgba;
    float peaks[3] = {0, 0, 0};
    auto last_wake = std::chrono::steady_clock::now();
    while (!stop_) {
        auto item = queue.pop_until(std::chrono::steady_clock::now() + std::chrono::milliseconds(100));
        if (item && item->frame) {
            const AVFrame& f = *item->frame;
            if (item->source == 0) {
                const int w = std::min(kPreviewWidth, f.width);
                const int h = std::max(2, f.height * w / std::max(1, f.width));
                sws.reset(sws_getCachedContext(sws.release(), f.width, f.height, AVPixelFormat(f.format), w, h,
                                               AV_PIX_FMT_RGBA, SWS_BILINEAR, nullptr, nullptr, nullptr));
                if (sws) {
                    rgba.resize(size_t(w) * h * 4);
                    uint8_t* dst[4] = {rgba.data(), nullptr, nullptr, nullptr};
                    int stride[4] = {w * 4, 0, 0, 0};
                    sws_scale(sws.get(), f.data, f.linesize, 0, f.height, dst, stride);
                    std::lock_guard lock(mutex_);
                    rgba_.swap(rgba);
                    width_ = w;
                    height_ = h;
                    ++generation_;
                }
            } else {
                peaks[item->source] = std::max(peaks[item->source], peak_of(f));
            }
        }
        const auto now = std::chrono::steady_clock::now();
        if (now - last_wake >= std::chrono::milliseconds(50)) {
            {
                std::lock_guard lock(mutex_);
                // Fast attack, slow release: the meter jumps up with a word and sinks after it.
                levels_.mic = std::max(meter_value(peaks[1]), levels_.mic * 0.8f);
                levels_.system_audio = std::max(meter_value(peaks[2]), levels_.system_audio * 0.8f);
            }
            peaks[1] = peaks[2] = 0;
            last_wake = now;
            wake_();
        }
    }
    for (auto& input : inputs)
        if (input) input->stop();
    queue.close();
}

}  // namespace clipnote::gui
