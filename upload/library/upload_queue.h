#pragma once
// The persistent upload queue: a file is enqueued for a named destination, then run; the item
// stays in the store until the server confirmed the whole file, so a failure, a cancel or a
// crash (even kill -9 in the middle of a multipart upload) loses nothing: the next run resumes it,
// an S3 multipart upload from the parts already on the server. The local file is only read.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "upload/config.h"
#include "upload/destination.h"
#include "upload/library/history_store.h"

namespace clipnote::upload {

class UploadQueue {
public:
    // Keeps references to both: they must outlive the queue.
    UploadQueue(HistoryStore& store, const Config& config);
    UploadQueue(HistoryStore& store, Config&& config) = delete;  // a temporary would dangle

    // Queues `file` for `destination` and returns the item's id. An unfinished item for the same
    // file and destination is reused (so uploading a file again continues the earlier attempt).
    // Throws Error when the file cannot be read or the destination is not in the config.
    std::int64_t enqueue(const std::filesystem::path& file, const std::string& destination,
                         const std::string& title = {}, double duration_s = 0);

    // Uploads item `id` now, resuming what an earlier attempt left. On failure the item stays
    // queued as "failed" with the (secret-free) message, and the Error is rethrown.
    UploadResult run(std::int64_t id, Progress& progress);

    // Items to run at start: pending ones and those a crashed process left "uploading"; with
    // `include_failed` also failed ones. Items another process is uploading right now are skipped.
    std::vector<std::int64_t> runnable(bool include_failed) const;

    // True when another process holds the item right now.
    bool busy_elsewhere(std::int64_t id) const;

    // Takes the item off the queue (freeing the parts of an unfinished S3 multipart upload when
    // it can). Throws Error if it is unknown, already done, or being uploaded right now.
    void cancel(std::int64_t id);

    // Where the items' locks live (item_lock.h): a process finishing an item itself holds its lock.
    std::filesystem::path lock_dir() const;

    // A step after each upload, before the item counts as done: it may send more beside the file
    // and change the link (the share page, app/share/publish_page.h). A throw fails the item.
    using AfterUpload = std::function<void(const DestinationConfig&, Destination&, const UploadRequest&,
                                           UploadResult&, Progress&)>;
    void set_after_upload(AfterUpload step) { after_upload_ = std::move(step); }

private:
    HistoryStore& store_;
    const Config& config_;
    AfterUpload after_upload_;
};

}  // namespace clipnote::upload
