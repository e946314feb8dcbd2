#pragma once
// Uploads a file to a WebDAV server while it is still being written (a recording's spool), as one
// PUT whose body is sent chunked as the file grows: at stop only the tail is left to send. Servers
// that store a PUT only once its body is complete (nginx, Apache) never show a partial object; a
// server that cannot take a chunked body fails the PUT, and the caller uploads the finished file
// the usual way instead (resume_id() is "": a failed stream starts over).
//
// A PUT that breaks while recording (network gone, the server dropped a body that stalled during
// a long pause) is sent again from the first byte, within the destination's retries.
#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "upload/config.h"
#include "upload/live_object_upload.h"
#include "upload/transport/growing_file.h"
#include "upload/transport/secret.h"

namespace clipnote::upload {

class LiveWebdavUpload : public LiveObjectUpload {
public:
    // Makes the folders of `path` now, so that a server that refuses the credentials or the
    // folder fails here (Error), before anything is recorded, and one that cannot be reached
    // within a few seconds fails as TransferError; then starts the PUT of `file` to `path`.
    LiveWebdavUpload(std::string destination, WebdavSettings settings, NetworkSettings network, Secret password,
                     std::string path, std::filesystem::path file);
    // Stops a PUT still running (the server keeps nothing of it).
    ~LiveWebdavUpload() override;
    LiveWebdavUpload(const LiveWebdavUpload&) = delete;
    LiveWebdavUpload& operator=(const LiveWebdavUpload&) = delete;

    void grown(std::uint64_t bytes) override { file_->grown(bytes); }
    // Ends the body at `size` bytes, waits for the server's answer and checks it holds them all.
    std::string finish(std::uint64_t size, Progress& progress) override;
    // Stops the PUT and deletes whatever the server may hold at the path, and its folder.
    void abort() override;

    std::uint64_t bytes_sent() const override { return sent_; }
    std::uint64_t bytes_ready() const override { return file_->now().final_bytes; }
    std::string last_error() const override;
    std::uint64_t bytes_left_at_finish() const override { return bytes_left_at_finish_; }

private:
    void put();
    void stop_sender();

    std::string destination_;
    WebdavSettings settings_;
    NetworkSettings network_;
    Secret password_;
    std::string path_;
    std::filesystem::path spool_;
    std::shared_ptr<GrowingFile> file_ = std::make_shared<GrowingFile>();
    std::atomic<std::uint64_t> sent_{0};
    std::uint64_t bytes_left_at_finish_ = 0;
    Progress background_progress_;  // its cancel token stops the PUT on abort
    mutable std::mutex mutex_;
    long status_ = 0;    // the PUT's answer, once it came
    std::string error_;  // why the PUT failed, or the last retry's reason while it goes on
    std::thread sender_;
};

}  // namespace clipnote::upload
