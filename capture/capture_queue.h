#pragma once
// The bounded queue between the capture threads and the pipeline thread. Every item carries the
// source it came from and its capture time on the one clock. Each source has its own cap, so a
// stalled pipeline costs a fixed amount of memory: when a source's share is full its oldest item
// is dropped (and counted), never the whole recording.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <vector>

#include "common/av_ptr.h"

namespace clipnote {

struct CapturedFrame {
    int source = 0;
    int64_t capture_us = 0;  // monotonic time of the frame's first sample / the picture
    FramePtr frame;
};

class CaptureQueue {
public:
    explicit CaptureQueue(std::vector<size_t> capacity_per_source);

    // Never blocks: a full source share drops its oldest frame.
    void push(CapturedFrame item);
    // Waits until an item arrives, `deadline` passes, or close() is called.
    std::optional<CapturedFrame> pop_until(std::chrono::steady_clock::time_point deadline);
    // Wakes the consumer (used to deliver a stop request promptly).
    void wake();
    void close();

    uint64_t dropped(int source) const;
    // How many items of `source` are waiting.
    size_t waiting(int source) const;

private:
    mutable std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<CapturedFrame> items_;
    std::vector<size_t> capacity_;
    std::vector<size_t> count_;
    std::vector<uint64_t> dropped_;
    bool closed_ = false;
    bool woken_ = false;
};

}  // namespace clipnote
