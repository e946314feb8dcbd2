#pragma once
// One upload queue item is worked on by one process at a time: an advisory lock (flock) on a
// small file per item. The kernel drops it when the process dies, even by kill -9, so an item left
// "uploading" whose lock is free was interrupted by a crash and can be resumed.
#include <cstdint>
#include <filesystem>

namespace clipnote::upload {

class ItemLock {
public:
    // Tries (without waiting) to lock item `id` under `dir` (created if missing).
    ItemLock(const std::filesystem::path& dir, std::int64_t id);
    ~ItemLock();
    ItemLock(const ItemLock&) = delete;
    ItemLock& operator=(const ItemLock&) = delete;

    // False when another process holds the item (or the lock file cannot be made).
    bool owns() const { return fd_ >= 0; }

private:
    int fd_ = -1;
};

}  // namespace clipnote::upload
