#include "upload/transport/growing_file.h"

#include <algorithm>

namespace clipnote::upload {

void GrowingFile::grown(std::uint64_t final_bytes) {
    {
        std::lock_guard lock(mutex_);
        extent_.final_bytes = std::max(extent_.final_bytes, final_bytes);
    }
    changed_.notify_all();
}

void GrowingFile::complete(std::uint64_t size) {
    {
        std::lock_guard lock(mutex_);
        extent_.final_bytes = size;
        extent_.complete = true;
    }
    changed_.notify_all();
}

void GrowingFile::cancel() {
    {
        std::lock_guard lock(mutex_);
        extent_.cancelled = true;
    }
    changed_.notify_all();
}

GrowingFile::Extent GrowingFile::wait_past(std::uint64_t position) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return extent_.cancelled || extent_.complete || extent_.final_bytes > position; });
    return extent_;
}

GrowingFile::Extent GrowingFile::now() const {
    std::lock_guard lock(mutex_);
    return extent_;
}

}  // namespace clipnote::upload
