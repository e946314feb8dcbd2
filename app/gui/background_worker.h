#pragma once
// Slow work for the panels (SQLite, config.toml, xclip, xdg-open) on a thread of its own, so a
// frame never waits on a disk, a lock or a child process. A panel posts a task, the task hands
// its result to a Mailbox and wakes the window; the panel draws whatever it last took.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>

namespace clipnote::gui {

class BackgroundWorker {
public:
    BackgroundWorker();
    // Finishes the queued post() tasks (a link copied just before quitting still reaches the
    // clipboard), drops waiting post_latest() ones, then joins.
    ~BackgroundWorker();
    BackgroundWorker(const BackgroundWorker&) = delete;
    BackgroundWorker& operator=(const BackgroundWorker&) = delete;

    // Runs `task` after everything posted before it. A task that throws is ignored: tasks report
    // their own problems.
    void post(std::function<void()> task);
    // Like post(), but replaces a task for the same `slot` that has not started yet: for reloads,
    // where only the newest request matters.
    void post_latest(const std::string& slot, std::function<void()> task);

private:
    struct Item {
        std::string slot;  // "" = a post() task
        std::function<void()> task;
    };
    void run();

    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<Item> queue_;
    bool quitting_ = false;
    std::thread thread_;
};

// The newest result of a background task, handed to the drawing thread.
template <class T>
class Mailbox {
public:
    void put(T value) {
        std::lock_guard lock(mutex_);
        value_ = std::move(value);
    }
    // The result put since the last take(), if any.
    std::optional<T> take() {
        std::lock_guard lock(mutex_);
        return std::exchange(value_, std::nullopt);
    }

private:
    std::mutex mutex_;
    std::optional<T> value_;
};

}  // namespace clipnote::gui
