#include "upload/s3/live_upload.h"

#include <algorithm>
#include <exception>

#include "common/error.h"

namespace fs = std::filesystem;

namespace clipnote::upload {
namespace {

// After a part failed during the recording, the next try waits this long (or for the next part).
constexpr std::chrono::seconds kRetryAfterFailure{5};
// At the start, before the recording: how long to try to reach the server.
constexpr std::chrono::seconds kStartConnectTimeout{3};

int part_count(std::uint64_t size, std::uint64_t part_size) {
    return static_cast<int>(std::max<std::uint64_t>(1, (size + part_size - 1) / part_size));
}

}  // namespace

LiveS3Upload::LiveS3Upload(S3Client client, NetworkSettings network, std::string key, ObjectHeaders headers,
                           fs::path file, std::uint64_t part_size)
    : client_(std::move(client)),
      network_(std::move(network)),
      key_(std::move(key)),
      file_(std::move(file)),
      part_size_(std::max(part_size, kMinPartSize)) {
    // The recording waits for this answer: a network that is away must not hold it up for the
    // full retry schedule (the recording then goes ahead and is uploaded after it).
    TransferSettings quick = TransferSettings::from(network_);
    quick.retry.max_retries = std::min(quick.retry.max_retries, 1);
    quick.network.connect_timeout = std::min(quick.network.connect_timeout, kStartConnectTimeout);
    HttpClient http(quick);
    upload_id_ = client_.create_multipart_upload(http, key_, headers);
    sender_ = std::thread([this] { send_loop(); });
}

LiveS3Upload::~LiveS3Upload() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    background_progress_.cancel_token().cancel();  // a part in flight stops; the queue resends it
    wake_.notify_all();
    if (sender_.joinable()) sender_.join();
}

void LiveS3Upload::grown(std::uint64_t bytes) {
    {
        std::lock_guard lock(mutex_);
        if (bytes <= stable_) return;
        stable_ = bytes;
    }
    wake_.notify_all();
}

bool LiveS3Upload::part_done(int number) const {
    return number <= static_cast<int>(parts_.size()) && !parts_[static_cast<std::size_t>(number - 1)].etag.empty();
}

int LiveS3Upload::parts_sent() const {
    std::lock_guard lock(mutex_);
    return static_cast<int>(std::count_if(parts_.begin(), parts_.end(), [](const S3Part& p) { return !p.etag.empty(); }));
}

std::uint64_t LiveS3Upload::bytes_ready() const {
    std::lock_guard lock(mutex_);
    return stable_;
}

std::string LiveS3Upload::last_error() const {
    std::lock_guard lock(mutex_);
    return last_error_;
}

void LiveS3Upload::send_part(HttpClient& http, int number, std::uint64_t end, Progress* progress) {
    const std::uint64_t offset = static_cast<std::uint64_t>(number - 1) * part_size_;
    const std::uint64_t length = std::min(part_size_, end - offset);
    S3Part part;
    part.number = number;
    part.size = length;
    part.etag = client_.upload_part(http, key_, upload_id_, number, file_, offset, length, {}, progress);
    std::lock_guard lock(mutex_);
    if (parts_.size() < static_cast<std::size_t>(number)) parts_.resize(static_cast<std::size_t>(number));
    parts_[static_cast<std::size_t>(number - 1)] = part;
    sent_ += length;
    last_error_.clear();
}

void LiveS3Upload::send_loop() {
    HttpClient http(TransferSettings::from(network_), &background_progress_.cancel_token());
    bool failed_last_time = false;
    for (;;) {
        int number = 0;
        {
            std::unique_lock lock(mutex_);
            // The lowest whole part that is final and not yet sent.
            auto due = [&] {
                for (int n = 1; static_cast<std::uint64_t>(n) * part_size_ <= stable_; ++n)
                    if (!part_done(n)) return n;
                return 0;
            };
            auto ready = [&] { return stopping_ || due() != 0; };
            if (failed_last_time)
                wake_.wait_for(lock, kRetryAfterFailure, [&] { return stopping_; });
            else
                wake_.wait(lock, ready);
            if (stopping_) return;
            number = due();
        }
        if (number == 0) continue;
        try {
            send_part(http, number, static_cast<std::uint64_t>(number) * part_size_, &background_progress_);
            failed_last_time = false;
        } catch (const std::exception& e) {
            std::lock_guard lock(mutex_);
            if (stopping_) return;
            last_error_ = e.what();
            failed_last_time = true;
        }
    }
}

std::string LiveS3Upload::finish(std::uint64_t size, Progress& progress) {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        stable_ = size;
    }
    wake_.notify_all();
    if (sender_.joinable()) sender_.join();  // a part in flight finishes first: it is not sent twice

    std::error_code ec;
    const std::uint64_t on_disk = fs::file_size(file_, ec);
    if (ec || on_disk != size)
        throw Error("live upload of " + file_.string() + ": the file has " + std::to_string(on_disk) +
                    " bytes, expected " + std::to_string(size));
    const int count = part_count(size, part_size_);
    if (count > 10000) throw Error("live upload of " + file_.string() + ": more than 10000 parts");
    std::vector<int> left;
    for (int n = 1; n <= count; ++n) {
        std::lock_guard lock(mutex_);
        if (!part_done(n)) left.push_back(n);
    }
    parts_left_at_finish_ = static_cast<int>(left.size());
    bytes_left_at_finish_ = size - sent_;

    // What is left goes up in parallel (typically only the tail).
    std::mutex error_mutex;
    std::exception_ptr first_error;
    std::size_t next = 0;
    std::mutex next_mutex;
    auto worker = [&] {
        try {
            HttpClient http(TransferSettings::from(network_), &progress.cancel_token());
            for (;;) {
                int number;
                {
                    std::lock_guard lock(next_mutex);
                    if (next >= left.size()) return;
                    number = left[next++];
                }
                send_part(http, number, size, &progress);
            }
        } catch (...) {
            std::lock_guard lock(error_mutex);
            if (!first_error) first_error = std::current_exception();
        }
    };
    const int threads = static_cast<int>(std::min<std::size_t>(left.size(), 4));
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();
    if (first_error) std::rethrow_exception(first_error);

    std::vector<S3Part> parts;
    {
        std::lock_guard lock(mutex_);
        parts.assign(parts_.begin(), parts_.begin() + count);
    }
    HttpClient http(TransferSettings::from(network_), &progress.cancel_token());
    return client_.complete_multipart_upload(http, key_, upload_id_, parts);
}

void LiveS3Upload::abort() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    background_progress_.cancel_token().cancel();
    wake_.notify_all();
    if (sender_.joinable()) sender_.join();
    // Its own client with few retries: the user asked to cancel, not to wait.
    TransferSettings quick = TransferSettings::from(network_);
    quick.retry.max_retries = 1;
    HttpClient http(quick);
    client_.abort_multipart_upload(http, key_, upload_id_);
}

}  // namespace clipnote::upload
