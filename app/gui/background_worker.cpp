#include "app/gui/background_worker.h"

#include <algorithm>

namespace clipnote::gui {

BackgroundWorker::BackgroundWorker() : thread_([this] { run(); }) {}

BackgroundWorker::~BackgroundWorker() {
    {
        std::lock_guard lock(mutex_);
        quitting_ = true;
        queue_.erase(std::remove_if(queue_.begin(), queue_.end(), [](const Item& i) { return !i.slot.empty(); }),
                     queue_.end());
    }
    ready_.notify_one();
    thread_.join();
}

void BackgroundWorker::post(std::function<void()> task) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back({"", std::move(task)});
    }
    ready_.notify_one();
}

void BackgroundWorker::post_latest(const std::string& slot, std::function<void()> task) {
    {
        std::lock_guard lock(mutex_);
        if (quitting_) return;
        auto waiting = std::find_if(queue_.begin(), queue_.end(), [&](const Item& i) { return i.slot == slot; });
        if (waiting != queue_.end()) waiting->task = std::move(task);
        else queue_.push_back({slot, std::move(task)});
    }
    ready_.notify_one();
}

void BackgroundWorker::run() {
    for (;;) {
        std::function<void()> task;
        {
            std::unique_lock lock(mutex_);
            ready_.wait(lock, [this] { return quitting_ || !queue_.empty(); });
            if (queue_.empty()) return;  // quitting, nothing left
            task = std::move(queue_.front().task);
            queue_.pop_front();
        }
        try {
            task();
        } catch (...) {
        }
    }
}

}  // namespace clipnote::gui
