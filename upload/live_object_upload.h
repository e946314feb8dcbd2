#pragma once
// An upload that runs while its file is still being written (a recording's spool), so that at stop
// only the tail is left to send: S3's multipart upload in parts (s3/live_upload.h) or one streamed
// WebDAV PUT (webdav/live_upload.h). The writer reports the bytes that became final; finish()
// sends the rest and makes the object whole.
#include <cstdint>
#include <string>

#include "upload/destination.h"

namespace clipnote::upload {

class LiveObjectUpload {
public:
    virtual ~LiveObjectUpload() = default;

    // The writer has `bytes` of the file on disk that will not change any more. Cheap; any thread.
    virtual void grown(std::uint64_t bytes) = 0;
    // The file is complete at `size` bytes: sends what is left and makes the object whole.
    // Returns its ETag ("" when the server gives none). Throws Error.
    virtual std::string finish(std::uint64_t size, Progress& progress) = 0;
    // Cancel: stops sending and leaves nothing on the server.
    virtual void abort() = 0;

    virtual std::uint64_t bytes_sent() const = 0;
    // What the writer has reported final so far: with bytes_sent(), whether the uplink keeps up.
    virtual std::uint64_t bytes_ready() const = 0;
    // Why sending stalled ("" while it goes well).
    virtual std::string last_error() const = 0;
    // What finish() found still to send: bytes, and parts where the store has them (0 otherwise).
    virtual std::uint64_t bytes_left_at_finish() const = 0;
    virtual int parts_left_at_finish() const { return 0; }
    // What the queue resumes after a failed finish() (S3's multipart upload id); "" when a failed
    // upload can only start over, with the whole file.
    virtual std::string resume_id() const { return ""; }
    // How the file should be cut into parts: uniform parts of this size (S3), or 0 for a stream
    // that only needs bytes to keep coming.
    virtual std::uint64_t uniform_part_size() const { return 0; }
};

}  // namespace clipnote::upload
