#include "capture/capture_queue.h"

namespace clipnote {

CaptureQueue::CaptureQueue(std::vector<size_t> capacity_per_source)
    : capacity_(std::move(capacity_per_source)),
      count_(capacity_.size(), 0),
      dropped_(capacity_.size(), 0) {}

void CaptureQueue::push(CapturedFrame item) {
    {
        std::lock_guard lock(mutex_);
        if (closed_) return;
        const auto s = static_cast<size_t>(item.source);
        if (count_[s] >= capacity_[s]) {
            for (auto it = items_.begin(); it != items_.end(); ++it) {
                if (it->source == item.source) {
                    items_.erase(it);
                    --count_[s];
                    ++dropped_[s];
                    break;
                }
            }
        }
        ++count_[s];
        items_.push_back(std::move(item));
    }
    ready_.notify_one();
}

std::optional<CapturedFrame> CaptureQueue::pop_until(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    ready_.wait_until(lock, deadline, [&] { return !items_.empty() || closed_ || woken_; });
    woken_ = false;
    if (items_.empty()) return std::nullopt;
    CapturedFrame item = std::move(items_.front());
    items_.pop_front();
    --count_[static_cast<size_t>(item.source)];
    return item;
}

void CaptureQueue::wake() {
    {
        std::lock_guard lock(mutex_);
        woken_ = true;
    }
    ready_.notify_all();
}

void CaptureQueue::close() {
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
    }
    ready_.notify_all();
}

uint64_t CaptureQueue::dropped(int source) const {
    std::lock_guard lock(mutex_);
    return dropped_[static_cast<size_t>(source)];
}

}  // namespace clipnote

namespace clipnote {

size_t CaptureQueue::waiting(int source) const {
    std::lock_guard lock(mutex_);
    return count_[static_cast<size_t>(source)];
}

}  // namespace clipnote
