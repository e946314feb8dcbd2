#include "upload/transport/http.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <thread>

#include <unistd.h>

#include "upload/transport/curl_handles.h"
#include "upload/transport/url.h"

namespace clipnote::upload {
namespace {

constexpr std::size_t kMaxResponseBody = 16u << 20;
// Below this, a body goes without "Expect: 100-continue": a server that ignores the expectation
// would cost curl's full one-second wait, more than sending the body in vain ever does.
constexpr std::uint64_t kExpectContinueFrom = 1u << 20;

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// Feeds the request body to curl from memory, from a file range or from a growing file, and
// rewinds on a redirect or an auth retry.
struct BodyReader {
    const Body* body = nullptr;
    std::FILE* file = nullptr;
    std::uint64_t position = 0;  // bytes handed to curl

    ~BodyReader() {
        if (file) std::fclose(file);
    }
    void open() {
        if (body->kind != Body::Kind::file) return;  // a growing file is opened once it has final bytes
        file = std::fopen(body->file.c_str(), "rb");
        if (!file) throw Error("cannot read " + body->file.string() + ": " + std::strerror(errno));
        seek(0);
    }
    bool seek(std::uint64_t to) {
        position = to;
        if (!file || body->kind == Body::Kind::growing) return true;  // read at `position`
        // Inside a framed file body the file offset is the position minus the head, clamped.
        const std::uint64_t head = body->data.size();
        const std::uint64_t in_file = to <= head ? 0 : std::min(to - head, body->length);
        return fseeko(file, static_cast<off_t>(body->offset + in_file), SEEK_SET) == 0;
    }
    // Waits (blocking curl, which does not count that time against the low-speed limit) until
    // more of the file is final, then hands it over; the end of the file ends the body.
    size_t read_growing(char* out, size_t want) {
        const GrowingFile::Extent e = body->growing->wait_past(position);
        if (e.cancelled) return CURL_READFUNC_ABORT;
        if (e.final_bytes <= position) return 0;  // complete
        if (!file) file = std::fopen(body->file.c_str(), "rb");
        if (!file) return CURL_READFUNC_ABORT;
        // pread, not fread: stdio would buffer bytes past the final ones, which may still change.
        const ssize_t got = ::pread(fileno(file), out, static_cast<size_t>(std::min<std::uint64_t>(want, e.final_bytes - position)),
                                    static_cast<off_t>(position));
        if (got <= 0) return CURL_READFUNC_ABORT;  // final bytes the file does not have
        position += static_cast<std::uint64_t>(got);
        return static_cast<size_t>(got);
    }
    static size_t read(char* out, size_t size, size_t n, void* self_ptr) {
        auto* self = static_cast<BodyReader*>(self_ptr);
        if (self->body->kind == Body::Kind::growing) return self->read_growing(out, size * n);
        const std::uint64_t left = self->body->size() - self->position;
        const size_t want = static_cast<size_t>(std::min<std::uint64_t>(left, size * n));
        if (want == 0) return 0;
        size_t got = 0;
        const std::uint64_t head = self->body->data.size();
        if (self->body->kind == Body::Kind::memory) {
            std::memcpy(out, self->body->data.data() + self->position, want);
            got = want;
        } else if (self->position < head) {
            got = static_cast<size_t>(std::min<std::uint64_t>(want, head - self->position));
            std::memcpy(out, self->body->data.data() + self->position, got);
        } else if (self->position < head + self->body->length) {
            const std::uint64_t file_left = head + self->body->length - self->position;
            got = std::fread(out, 1, static_cast<size_t>(std::min<std::uint64_t>(want, file_left)), self->file);
            // A file that shrank under us must not be sent as a short, "successful" upload.
            if (got == 0) return CURL_READFUNC_ABORT;
        } else {
            const std::uint64_t at = self->position - head - self->body->length;
            got = want;
            std::memcpy(out, self->body->tail.data() + at, got);
        }
        self->position += got;
        return got;
    }
    // Whether curl has the whole body (`handed_over`: what it says it sent).
    bool all_read(std::uint64_t handed_over) const {
        if (body->kind != Body::Kind::growing) return handed_over >= body->size();
        const GrowingFile::Extent e = body->growing->now();
        return e.complete && position >= e.final_bytes;
    }
    static int seek_cb(void* self_ptr, curl_off_t offset, int origin) {
        if (origin != SEEK_SET) return CURL_SEEKFUNC_CANTSEEK;
        return static_cast<BodyReader*>(self_ptr)->seek(static_cast<std::uint64_t>(offset)) ? CURL_SEEKFUNC_OK
                                                                                            : CURL_SEEKFUNC_FAIL;
    }
};

struct ResponseSink {
    HttpResponse* response;
    static size_t write(char* data, size_t size, size_t n, void* self_ptr) {
        auto* r = static_cast<ResponseSink*>(self_ptr)->response;
        const size_t len = size * n;
        if (r->body.size() < kMaxResponseBody) r->body.append(data, std::min(len, kMaxResponseBody - r->body.size()));
        return len;
    }
    static size_t header(char* data, size_t size, size_t n, void* self_ptr) {
        auto* r = static_cast<ResponseSink*>(self_ptr)->response;
        const size_t len = size * n;
        std::string line(data, len);
        while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
        if (line.rfind("HTTP/", 0) == 0) {
            r->headers.clear();  // a new response (after "100 Continue" or an auth round)
        } else if (auto colon = line.find(':'); colon != std::string::npos) {
            std::string value = line.substr(colon + 1);
            value.erase(0, value.find_first_not_of(" \t"));
            r->headers.emplace_back(line.substr(0, colon), value);
        }
        return len;
    }
};

struct ProgressState {
    CancelToken* cancel;
    const UploadProgressFn* progress;
    static int callback(void* self_ptr, curl_off_t, curl_off_t, curl_off_t, curl_off_t ulnow) {
        auto* self = static_cast<ProgressState*>(self_ptr);
        if (self->cancel && self->cancel->cancelled()) return 1;  // CURLE_ABORTED_BY_CALLBACK
        if (self->progress && *self->progress) (*self->progress)(static_cast<std::uint64_t>(ulnow));
        return 0;
    }
};

bool retryable_curl_code(CURLcode c) {
    switch (c) {
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_CONNECT:
        case CURLE_OPERATION_TIMEDOUT:
        case CURLE_SEND_ERROR:
        case CURLE_RECV_ERROR:
        case CURLE_GOT_NOTHING:
        case CURLE_PARTIAL_FILE:
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_HTTP2:
        case CURLE_HTTP2_STREAM:
        case CURLE_HTTP3:
            return true;
        default:
            return false;
    }
}

// "the post; it may have been posted; not retried", for the end of a message.
std::string maybe_processed(const std::string& method) {
    return method == "POST" ? "the post; it may have been posted; not retried"
                            : "the request; it may have been processed; not retried";
}

template <typename T>
void set(CURL* e, CURLoption option, T value) {
    check_curl(curl_easy_setopt(e, option, value), "curl_easy_setopt");
}

}  // namespace

std::string HttpResponse::header(std::string_view name) const {
    for (const auto& [k, v] : headers)
        if (iequals(k, name)) return v;
    return {};
}

struct HttpClient::Impl {
    EasyPtr easy = make_easy();
};

HttpClient::HttpClient(TransferSettings settings, CancelToken* cancel)
    : impl_(std::make_unique<Impl>()), settings_(std::move(settings)), cancel_(cancel), rng_(std::random_device{}()) {}

HttpClient::~HttpClient() = default;

HttpResponse HttpClient::perform(const HttpRequest& request, const UploadProgressFn& progress) {
    CURL* e = impl_->easy.get();
    curl_easy_reset(e);  // keeps the connection cache, clears every option
    HttpResponse response;
    ResponseSink sink{&response};
    BodyReader reader{&request.body};
    reader.open();
    ProgressState progress_state{cancel_, &progress};
    HeaderList headers;
    bool has_expect = false;
    for (const auto& h : request.headers) {
        headers.append(h);
        has_expect = has_expect || (h.size() >= 7 && iequals(std::string_view(h).substr(0, 7), "expect:"));
    }

    set(e, CURLOPT_URL, request.url.c_str());
    set(e, CURLOPT_PROTOCOLS_STR, "http,https");
    set(e, CURLOPT_NOSIGNAL, 1L);
    set(e, CURLOPT_USERAGENT, "clipnote/0.1");
    // Verification stays on whatever the config says; ca_file only adds trust anchors.
    set(e, CURLOPT_SSL_VERIFYPEER, 1L);
    set(e, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!settings_.network.ca_file.empty()) set(e, CURLOPT_CAINFO, settings_.network.ca_file.c_str());
    set(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(settings_.network.connect_timeout.count() * 1000));
    set(e, CURLOPT_LOW_SPEED_LIMIT, settings_.network.low_speed_limit);
    set(e, CURLOPT_LOW_SPEED_TIME, static_cast<long>(settings_.network.low_speed_time.count()));
    set(e, CURLOPT_TCP_KEEPALIVE, 1L);
    set(e, CURLOPT_HTTPHEADER, headers.get());
    set(e, CURLOPT_WRITEFUNCTION, &ResponseSink::write);
    set(e, CURLOPT_WRITEDATA, &sink);
    set(e, CURLOPT_HEADERFUNCTION, &ResponseSink::header);
    set(e, CURLOPT_HEADERDATA, &sink);
    set(e, CURLOPT_NOPROGRESS, 0L);
    set(e, CURLOPT_XFERINFOFUNCTION, &ProgressState::callback);
    set(e, CURLOPT_XFERINFODATA, &progress_state);
    if (!request.username.empty()) {
        set(e, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
        set(e, CURLOPT_USERNAME, request.username.c_str());
        set(e, CURLOPT_PASSWORD, request.password ? request.password->reveal().c_str() : "");
    }
    const bool sends_body =
        request.body.kind != Body::Kind::none || request.method == "PUT" || request.method == "POST";
    if (sends_body) {
        // UPLOAD streams the body through the read callback with a known Content-Length;
        // CUSTOMREQUEST turns the PUT into POST where needed.
        set(e, CURLOPT_UPLOAD, 1L);
        // A growing file's size is unknown (-1): HTTP/1.1 sends it chunked.
        const bool growing = request.body.kind == Body::Kind::growing;
        set(e, CURLOPT_INFILESIZE_LARGE, growing ? curl_off_t{-1} : static_cast<curl_off_t>(request.body.size()));
        set(e, CURLOPT_READFUNCTION, &BodyReader::read);
        set(e, CURLOPT_READDATA, &reader);
        set(e, CURLOPT_SEEKFUNCTION, &BodyReader::seek_cb);
        set(e, CURLOPT_SEEKDATA, &reader);
        if (request.method != "PUT") set(e, CURLOPT_CUSTOMREQUEST, request.method.c_str());
        if (request.body.size() < kExpectContinueFrom && !growing && !has_expect)
            headers.append("Expect:");  // curl: none
    } else if (request.method == "HEAD") {
        set(e, CURLOPT_NOBODY, 1L);
    } else if (request.method != "GET") {
        set(e, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }

    const CURLcode rc = curl_easy_perform(e);
    // Headers out and every body byte handed over: from here the server may act on the request.
    long header_bytes = 0;
    curl_off_t body_bytes = 0;
    curl_easy_getinfo(e, CURLINFO_REQUEST_SIZE, &header_bytes);
    curl_easy_getinfo(e, CURLINFO_SIZE_UPLOAD_T, &body_bytes);
    const bool complete = header_bytes > 0 && reader.all_read(static_cast<std::uint64_t>(body_bytes));
    if (rc != CURLE_OK) {
        const bool cancelled = rc == CURLE_ABORTED_BY_CALLBACK && cancel_ && cancel_->cancelled();
        if (cancelled) throw TransferError("cancelled", false, true);
        throw TransferError(request.method + " " + redact_url(request.url) + ": " + curl_easy_strerror(rc),
                            retryable_curl_code(rc), false, complete);
    }
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &response.status);
    response.request_complete = complete;
    return response;
}

namespace {

// perform() starts its errors with "METHOD url: ". When `what` already names the request by its
// method (its last ": "-separated part starts with "METHOD "), that start only repeats it
// ("POST to the webhook: POST the webhook: ..."), so it is left out; otherwise (e.g. "PutObject
// key") it adds the URL and stays.
std::string without_repeated_request(const std::string& error, const std::string& what, const std::string& method,
                                     const std::string& request_prefix) {
    if (method.empty() || request_prefix.empty() || !error.starts_with(request_prefix)) return error;
    const auto colon = what.rfind(": ");
    const std::string_view last = colon == std::string::npos ? std::string_view(what)
                                                             : std::string_view(what).substr(colon + 2);
    if (!last.starts_with(method + " ")) return error;
    return error.substr(request_prefix.size());
}

}  // namespace

HttpResponse HttpClient::send(const std::function<HttpRequest()>& make, const std::string& what,
                              const UploadProgressFn& progress,
                              const std::function<void(const std::string&, std::chrono::milliseconds)>& on_retry) {
    const int max_retries = settings_.retry.max_retries;
    for (int attempt = 0;; ++attempt) {
        std::optional<std::chrono::milliseconds> retry_after;
        std::string reason;
        bool repeatable = true;
        std::string method;
        std::string request_prefix;  // how perform() starts its errors
        try {
            const HttpRequest request = make();
            repeatable = request.repeatable();
            method = request.method;
            request_prefix = request.method + " " + redact_url(request.url) + ": ";
            HttpResponse r = perform(request, progress);
            if (!is_retryable_status(r.status)) return r;
            // 429: the server refused it unprocessed (RFC 6585; Discord and Slack say so too).
            if (!repeatable && r.request_complete && r.status != 429)
                throw TransferError(what + ": the server answered " + status_text(r.status) + " after receiving " +
                                        maybe_processed(method),
                                    false, false, true);
            if (attempt >= max_retries) return r;
            reason = status_text(r.status);
            retry_after = parse_retry_after(r.header("Retry-After"), std::chrono::system_clock::now());
        } catch (const TransferError& e) {
            if (!e.retryable()) throw;
            const std::string detail = without_repeated_request(e.what(), what, method, request_prefix);
            if (!repeatable && e.request_sent())
                throw TransferError(what + ": " + detail + " after sending " + maybe_processed(method), false, false,
                                    true);
            if (attempt >= max_retries)
                throw TransferError(
                    what + ": " + detail + " (gave up after " + std::to_string(attempt + 1) + " attempts)", false,
                    false);
            reason = e.what();
        }
        const auto wait = backoff_delay(settings_.retry, attempt, retry_after, rng_);
        if (on_retry) on_retry(reason, wait);
        if (cancel_ ? cancel_->sleep_for(wait) : (std::this_thread::sleep_for(wait), false))
            throw TransferError("cancelled", false, true);
    }
}

std::string status_text(long status) {
    const char* reason = "";
    switch (status) {
        case 400:
            reason = " Bad Request";
            break;
        case 401:
            reason = " Unauthorized";
            break;
        case 403:
            reason = " Forbidden";
            break;
        case 404:
            reason = " Not Found";
            break;
        case 405:
            reason = " Method Not Allowed";
            break;
        case 409:
            reason = " Conflict";
            break;
        case 411:
            reason = " Length Required";
            break;
        case 413:
            reason = " Payload Too Large";
            break;
        case 429:
            reason = " Too Many Requests";
            break;
        case 500:
            reason = " Internal Server Error";
            break;
        case 502:
            reason = " Bad Gateway";
            break;
        case 503:
            reason = " Service Unavailable";
            break;
        case 504:
            reason = " Gateway Timeout";
            break;
        case 507:
            reason = " Insufficient Storage";
            break;
    }
    return "HTTP " + std::to_string(status) + reason;
}

}  // namespace clipnote::upload
