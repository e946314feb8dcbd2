#pragma once
// One capture input: opens a libavdevice/libavformat source, decodes it on its own thread, stamps
// every frame with the capture clock and hands it to the CaptureQueue. Live devices deliver in
// real time by themselves; synthetic and file inputs are paced to the clock here.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "capture/capture_queue.h"
#include "capture/capture_source.h"
#include "capture/source_spec.h"
#include "common/av_ptr.h"

namespace clipnote {

// The libavdevice/libavformat capture backend.
class InputSource : public CaptureSource {
public:
    // Opens the input and its decoder; throws Error("cannot open <role> <spec>: <reason>").
    InputSource(std::string role, SourceSpec spec, MediaKind kind);
    ~InputSource() override;
    InputSource(const InputSource&) = delete;
    InputSource& operator=(const InputSource&) = delete;

    // Starts the capture thread. Frames go to `queue` tagged with `source_index`; a paced input's
    // first frame is stamped `start_us`.
    void start(CaptureQueue& queue, int source_index, int64_t start_us) override;
    void stop() override;

    const std::string& role() const override { return role_; }
    const SourceSpec& spec() const override { return spec_; }
    int width() const override { return decoder_->width; }
    int height() const override { return decoder_->height; }
    const AVCodecContext& decoder() const { return *decoder_; }
    // Set when the thread ended on an error (device unplugged, read failure).
    std::optional<std::string> error() const override;
    bool finished() const override { return finished_; }
    uint64_t skipped_packets() const override { return skipped_; }

private:
    void run(CaptureQueue& queue, int source_index, int64_t start_us);
    int64_t stamp(const AVFrame& frame, int64_t start_us);
    bool wait_until_us(int64_t when_us);
    // Notes one more failed read or decode; throws once failures alone have lasted kFailingForUs.
    void failing(int ret, const char* what);

    std::string role_;
    SourceSpec spec_;
    MediaKind kind_;
    bool live_;
    InputFormatPtr format_;
    CodecContextPtr decoder_;
    int stream_index_ = -1;
    AVRational time_base_{1, 1};
    int64_t first_pts_us_ = AV_NOPTS_VALUE;
    int64_t failing_since_us_ = AV_NOPTS_VALUE;  // first failure since the last good frame

    std::thread thread_;
    std::atomic<bool> stop_{false};
    std::atomic<bool> finished_{false};
    std::atomic<uint64_t> skipped_{0};
    std::mutex mutex_;
    std::condition_variable wake_;
    std::optional<std::string> error_;
    mutable std::mutex error_mutex_;
};

}  // namespace clipnote
