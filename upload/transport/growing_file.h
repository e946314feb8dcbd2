#pragma once
// A file that is still being written, sent as a request body while it grows (a recording's spool,
// streamed to a WebDAV server in one chunked PUT). The writer says how many leading bytes are
// final (grown) and, at the end, the file's size (complete); the sender waits for them.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace clipnote::upload {

class GrowingFile {
public:
    void grown(std::uint64_t final_bytes);
    void complete(std::uint64_t size);
    // Wakes a waiting sender and makes every later wait return `cancelled`.
    void cancel();

    struct Extent {
        std::uint64_t final_bytes = 0;
        bool complete = false;   // final_bytes is the file's size
        bool cancelled = false;
    };
    // Blocks until bytes past `position` are final, the file is complete or the send is cancelled.
    Extent wait_past(std::uint64_t position);
    Extent now() const;

private:
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    Extent extent_;
};

}  // namespace clipnote::upload
