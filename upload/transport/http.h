#pragma once
// One HTTP exchange over libcurl, and the retry loop around it. Every destination talks to its
// server through HttpClient, so timeouts, TLS verification, progress, cancel and retries behave
// the same everywhere.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/error.h"
#include "upload/transport/growing_file.h"
#include "upload/transport/http_settings.h"
#include "upload/transport/retry.h"
#include "upload/transport/secret.h"

namespace clipnote::upload {

// What a request sends: nothing, bytes in memory, a byte range of a file (read as it is sent), or
// a file still being written (sent chunked, without a Content-Length, as it grows).
// A file range may be framed by bytes in memory before (`data`) and after (`tail`) it: a
// multipart/form-data body streams its one file that way (multipart.h).
struct Body {
    enum class Kind { none, memory, file, growing } kind = Kind::none;
    std::string data;  // memory: the body; file: bytes sent before the range
    std::filesystem::path file;
    std::uint64_t offset = 0, length = 0;
    std::string tail;  // file: bytes sent after the range
    std::shared_ptr<GrowingFile> growing;  // growing: what of `file` is final

    static Body memory(std::string bytes) { return {Kind::memory, std::move(bytes), {}, 0, 0, {}, {}}; }
    static Body file_range(std::filesystem::path f, std::uint64_t off, std::uint64_t len) {
        return {Kind::file, {}, std::move(f), off, len, {}, {}};
    }
    static Body framed_file(std::string head, std::filesystem::path f, std::uint64_t len, std::string tail) {
        return {Kind::file, std::move(head), std::move(f), 0, len, std::move(tail), {}};
    }
    // The whole of `f` as it grows: the request ends when `g` says the file is complete.
    static Body growing_file(std::filesystem::path f, std::shared_ptr<GrowingFile> g) {
        return {Kind::growing, {}, std::move(f), 0, 0, {}, std::move(g)};
    }
    // Unknown (0) for a growing file.
    std::uint64_t size() const {
        return kind == Kind::memory ? data.size() : kind == Kind::file ? data.size() + length + tail.size() : 0;
    }
};

struct HttpRequest {
    std::string method = "GET";
    std::string url;
    std::vector<std::string> headers;  // "Name: value"
    Body body;
    std::string username;              // basic auth when not empty
    const Secret* password = nullptr;  // must outlive the request
    // Whether sending it twice does no harm. Unset: by the method (POST and PATCH are not).
    std::optional<bool> idempotent;

    bool repeatable() const { return idempotent.value_or(method != "POST" && method != "PATCH"); }

    // A POST of `body` as `content_type`, plus any `extra_headers` ("Name: value").
    static HttpRequest post(std::string url, const std::string& content_type, Body body,
                            std::vector<std::string> extra_headers = {}) {
        HttpRequest q;
        q.method = "POST";
        q.url = std::move(url);
        q.headers = std::move(extra_headers);
        q.headers.push_back("Content-Type: " + content_type);
        q.body = std::move(body);
        return q;
    }
};

struct HttpResponse {
    long status = 0;
    std::vector<std::pair<std::string, std::string>> headers;  // of the final response
    std::string body;                                          // at most 16 MiB kept
    bool request_complete = true;  // the whole request went out before the answer came
    // Case-insensitive lookup of the first header with this name; "" if absent.
    std::string header(std::string_view name) const;
};

// Transport-level failure (connect, reset, timeout, TLS) or cancel: there is no HTTP status.
class TransferError : public Error {
public:
    TransferError(const std::string& what, bool retryable, bool cancelled, bool request_sent = false)
        : Error(what), retryable_(retryable), cancelled_(cancelled), request_sent_(request_sent) {}
    bool retryable() const { return retryable_; }
    bool cancelled() const { return cancelled_; }
    // The whole request went out: the server may have acted on it.
    bool request_sent() const { return request_sent_; }

private:
    bool retryable_, cancelled_, request_sent_;
};

struct TransferSettings {
    NetworkSettings network;
    RetryPolicy retry;
    static TransferSettings from(const NetworkSettings& n) {
        TransferSettings t;
        t.network = n;
        t.retry.max_retries = n.retries;
        return t;
    }
};

// Called with the bytes of the body sent so far in the current attempt (restarts at 0 on retry).
using UploadProgressFn = std::function<void(std::uint64_t sent)>;

// Owns one curl easy handle (and so its connection cache: parts and probes to the same server
// reuse the connection). Use one per thread.
class HttpClient {
public:
    explicit HttpClient(TransferSettings settings, CancelToken* cancel = nullptr);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // One attempt. Throws TransferError when no HTTP response arrived; any status is returned.
    HttpResponse perform(const HttpRequest& request, const UploadProgressFn& progress = {});

    // Builds a request with `make` for each attempt (signatures carry the time) and retries
    // transport errors and retryable statuses with backoff. Returns the last response (the caller
    // judges the status); throws TransferError when the last attempt got no response, with
    // `what` and the attempt count in the message. `on_retry` is told before each wait.
    // A request that is not repeatable (HttpRequest::repeatable) is sent again only when the
    // server cannot have acted on it: nothing or only part of it went out (connection refused,
    // reset mid-body), or a 429. After a timeout or a 5xx that followed the whole request it
    // throws TransferError saying it may have been processed and was not retried.
    HttpResponse send(
        const std::function<HttpRequest()>& make, const std::string& what, const UploadProgressFn& progress = {},
        const std::function<void(const std::string& reason, std::chrono::milliseconds wait)>& on_retry = {});

    const TransferSettings& settings() const { return settings_; }

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    TransferSettings settings_;
    CancelToken* cancel_;
    std::mt19937_64 rng_;
};

// "HTTP 403 Forbidden" style text for a status.
std::string status_text(long status);

}  // namespace clipnote::upload
