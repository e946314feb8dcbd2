#include "upload/transport/retry.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>

namespace clipnote::upload {

bool is_retryable_status(long status) {
    return status == 408 || status == 429 || (status >= 500 && status <= 599 && status != 501 && status != 505);
}

std::optional<std::chrono::milliseconds> parse_retry_after(const std::string& value,
                                                           std::chrono::system_clock::time_point now) {
    std::string v = value;
    while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back()))) v.pop_back();
    while (!v.empty() && std::isspace(static_cast<unsigned char>(v.front()))) v.erase(0, 1);
    if (v.empty()) return std::nullopt;
    if (std::all_of(v.begin(), v.end(), [](unsigned char c) { return std::isdigit(c); })) {
        if (v.size() > 9) return std::chrono::milliseconds(std::chrono::hours(24 * 365));
        return std::chrono::seconds(std::stol(v));
    }
    const time_t when = curl_getdate(v.c_str(), nullptr);
    if (when < 0) return std::nullopt;
    const auto delta = std::chrono::system_clock::from_time_t(when) - now;
    return std::max(std::chrono::milliseconds(0), std::chrono::duration_cast<std::chrono::milliseconds>(delta));
}

std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int attempt,
                                        std::optional<std::chrono::milliseconds> retry_after, std::mt19937_64& rng) {
    using std::chrono::milliseconds;
    const long long base = policy.base_delay.count();
    const int shift = std::min(attempt, 30);
    const long long d = std::min<long long>(policy.max_delay.count(), base << shift);
    std::uniform_int_distribution<long long> half(0, std::max<long long>(d / 2, 0));
    milliseconds delay(d - d / 2 + half(rng));
    if (retry_after) {
        const milliseconds cap = std::chrono::duration_cast<milliseconds>(policy.max_retry_after);
        // The server's wish plus a little jitter, so a crowd told "1" does not return in step.
        std::uniform_int_distribution<long long> jitter(0, 250);
        delay = std::min(cap, *retry_after + milliseconds(jitter(rng)));
    }
    return delay;
}

void CancelToken::cancel() {
    {
        std::lock_guard lock(mutex_);
        cancelled_ = true;
    }
    cv_.notify_all();
}

bool CancelToken::sleep_for(std::chrono::milliseconds d) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, d, [this] { return cancelled_.load(); });
}

}  // namespace clipnote::upload
