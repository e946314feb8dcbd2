#pragma once
// Uploads a file to S3 while it is still being written (a recording's spool: a progressive MP4 laid
// out one mdat per part, encode/spooled_mp4_sink.h), so that at stop only the tail is left to send.
//
// The object is cut into parts of one size P (part k = bytes [(k-1)P, kP)); the writer reports how
// many leading bytes are final (grown()), and every whole part among them goes up at once, on a
// thread of its own. Uniform parts keep the upload resumable by the queue like any other
// (S3Destination lists the parts and checks their MD5) and suit stores that require them (R2).
//
// A part that fails (network down, server error after the client's own retries) is not fatal while
// recording: the recording goes on, the part is tried again when the next one is due and at
// finish(). finish() throws if the object cannot be completed; the multipart upload then stays
// open (upload_id()) for the queue to resume.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "upload/config.h"
#include "upload/destination.h"
#include "upload/live_object_upload.h"
#include "upload/s3/s3_client.h"

namespace clipnote::upload {

class LiveS3Upload : public LiveObjectUpload {
public:
    static constexpr std::uint64_t kMinPartSize = 5ull << 20;  // S3: every part but the last

    // Starts the multipart upload of `file` (not yet complete) as `key`: the CreateMultipartUpload
    // request goes out here, so a bucket that cannot be written fails now, before the recording
    // (Error with S3's code and message), and a server that cannot be reached within a few seconds
    // (one retry, a 3 s connect timeout) fails as TransferError. `part_size` below 5 MiB is raised to it.
    LiveS3Upload(S3Client client, NetworkSettings network, std::string key, ObjectHeaders headers,
                 std::filesystem::path file, std::uint64_t part_size);
    // Stops the sender; an upload neither finished nor aborted stays open for the queue.
    ~LiveS3Upload() override;
    LiveS3Upload(const LiveS3Upload&) = delete;
    LiveS3Upload& operator=(const LiveS3Upload&) = delete;

    void grown(std::uint64_t bytes) override;
    // The file is complete at `size` bytes: sends what is left (the tail, any part that failed)
    // and completes the object. Returns its ETag. Throws Error; the upload stays open.
    std::string finish(std::uint64_t size, Progress& progress) override;
    // Cancel: stops sending and aborts the multipart upload, so no part is left in the bucket.
    void abort() override;

    const std::string& key() const { return key_; }
    const std::string& upload_id() const { return upload_id_; }
    std::uint64_t part_size() const { return part_size_; }
    std::uint64_t bytes_sent() const override { return sent_; }  // in completed parts
    std::uint64_t bytes_ready() const override;
    int parts_sent() const;
    // How many parts finish() found still to send (1 when the uplink kept up: the tail).
    int parts_left_at_finish() const override { return parts_left_at_finish_; }
    std::uint64_t bytes_left_at_finish() const override { return bytes_left_at_finish_; }
    // The last error of a part sent during the recording ("" when none failed since).
    std::string last_error() const override;
    std::string resume_id() const override { return upload_id_; }
    std::uint64_t uniform_part_size() const override { return part_size_; }

private:
    void send_loop();
    // Sends part `number` (1-based) of a file of at least `end` bytes; records it. Throws.
    void send_part(HttpClient& http, int number, std::uint64_t end, Progress* progress);
    bool part_done(int number) const;

    S3Client client_;
    NetworkSettings network_;
    std::string key_;
    std::filesystem::path file_;
    std::uint64_t part_size_;
    std::string upload_id_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::uint64_t stable_ = 0;      // bytes on disk that no longer change
    bool stopping_ = false;
    std::vector<S3Part> parts_;     // index = number - 1; etag "" = not sent
    std::string last_error_;
    std::atomic<std::uint64_t> sent_{0};
    int parts_left_at_finish_ = 0;
    std::uint64_t bytes_left_at_finish_ = 0;
    Progress background_progress_;  // its cancel token stops a part in flight on abort
    std::thread sender_;
};

}  // namespace clipnote::upload
