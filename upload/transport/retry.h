#pragma once
// When and how long to wait before trying a request again: exponential backoff with jitter, a
// server's Retry-After honoured, and a cancel that also wakes a waiting retry.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <random>
#include <string>

namespace clipnote::upload {

struct RetryPolicy {
    int max_retries = 5;  // attempts after the first
    std::chrono::milliseconds base_delay{500};
    std::chrono::milliseconds max_delay{30'000};
    std::chrono::seconds max_retry_after{120};  // a longer Retry-After is capped to this
};

// 408, 429 and 5xx except 501 (not implemented) and 505 (version) are worth another try.
bool is_retryable_status(long status);

// Seconds ("120") or an HTTP date; nullopt when absent or unreadable.
std::optional<std::chrono::milliseconds> parse_retry_after(const std::string& value,
                                                           std::chrono::system_clock::time_point now);

// The wait before retry number `attempt` (0 = first retry): "equal jitter", d/2 + U(0, d/2) with
// d = min(max_delay, base * 2^attempt), so clients that failed together spread out; at least
// Retry-After when the server sent one.
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int attempt,
                                        std::optional<std::chrono::milliseconds> retry_after, std::mt19937_64& rng);

// Shared by a transfer and whoever may cancel it (a signal handler thread, the GUI).
class CancelToken {
public:
    void cancel();
    bool cancelled() const { return cancelled_.load(); }
    // Sleeps up to `d`; returns true (early) if cancelled.
    bool sleep_for(std::chrono::milliseconds d);

private:
    std::atomic<bool> cancelled_{false};
    std::mutex mutex_;
    std::condition_variable cv_;
};

}  // namespace clipnote::upload
