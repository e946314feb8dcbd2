#pragma once
// A destination takes a file and returns a link. Each kind (local, webdav, s3, …) implements
// this small interface; destination_factory.h builds one from its config entry.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "upload/transport/retry.h"

namespace clipnote::upload {

struct UploadRequest {
    std::filesystem::path file;
    std::string remote_name;   // default: the file's name (sanitized either way)
    std::string title;         // for messages and link formats
    std::string content_type;  // default: guessed from the name
    // S3, WebDAV, local: the random folder the file goes in (object_key.h); empty: a new one. The
    // queue stores it, so a retry of an item writes the same object instead of a second one.
    std::string object_id;
    // Multipart destinations: continue this upload instead of starting anew, and/or be told the
    // id of a new one as soon as it exists (to store it, so a crash can resume).
    std::string resume_upload_id;
    std::function<void(const std::string& upload_id)> on_upload_id;
    // Multipart destinations: parts on the server so far, of `total` (may come from several threads).
    std::function<void(int done, int total)> on_parts;
};

struct UploadResult {
    std::string url;          // the link to share
    std::string media_url;    // the file's own link when `url` is a share page in front of it, else ""
    std::string remote_path;  // key / path on the server, for remove()
    std::uint64_t bytes = 0;
    std::string etag;
    std::string upload_id;  // multipart uploads
    std::string thumbnail_url, deletion_url;  // when the service reports them (sxcu)
};

// Progress and cancel for one upload. on_bytes/on_note may be called from several transfer
// threads at once; implementations must be thread-safe.
class Progress {
public:
    virtual ~Progress() = default;
    virtual void on_bytes(std::uint64_t done, std::uint64_t total) { (void)done, (void)total; }
    virtual void on_note(const std::string& text) { (void)text; }  // "retrying part 3 in 1.2 s: HTTP 503"
    CancelToken& cancel_token() { return cancel_; }

private:
    CancelToken cancel_;
};

// Sums the bytes of several concurrent requests (parts) into one Progress report.
class ByteCounter {
public:
    ByteCounter(Progress& progress, std::uint64_t total, std::size_t slots);
    // Slot `slot` has sent `sent` bytes of its current request.
    void set(std::size_t slot, std::uint64_t sent);
    // The request in `slot` is done; its bytes count for good and the slot restarts at 0.
    void commit(std::size_t slot, std::uint64_t bytes);
    void add_done(std::uint64_t bytes);  // bytes already on the server (a resumed upload)

private:
    void report();
    Progress& progress_;
    std::uint64_t total_;
    std::mutex mutex_;
    std::uint64_t committed_ = 0;
    std::vector<std::uint64_t> in_flight_;
    std::uint64_t last_reported_ = 0;
};

class Destination {
public:
    virtual ~Destination() = default;
    virtual const std::string& name() const = 0;
    // "s3 bucket \"recordings\" at https://…, presigned links valid 7d": no secrets.
    virtual std::string describe() const = 0;
    // Uploads and returns the link once the server confirmed the whole file (size checked).
    // Throws Error (one line naming the destination) on failure; the local file is never touched.
    virtual UploadResult upload(const UploadRequest& request, Progress& progress) = 0;
    // Deletes what upload() put at `remote_path` (`destinations test`, deleting from History). A
    // file that is not there (any more) is no error.
    virtual void remove(const std::string& remote_path, Progress& progress) = 0;
    // Where upload() puts a file called `name` under `object_id` (its remote_path), for kinds that
    // keep files in folders of their own (local, WebDAV, S3); "" for the others.
    virtual std::string remote_path_of(const std::string& name, const std::string& object_id) const {
        (void)name, (void)object_id;
        return "";
    }
    // Frees what an unfinished resumable upload of `remote_name` under `object_id` left on the
    // server (the parts of an S3 multipart upload), when a queued item is cancelled. Kinds that
    // keep nothing between attempts have nothing to free. Throws Error when the server refuses.
    virtual void abandon(const std::string& remote_name, const std::string& object_id, const std::string& upload_id) {
        (void)remote_name, (void)object_id, (void)upload_id;
    }
};

}  // namespace clipnote::upload
