#include "upload/library/item_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace clipnote::upload {

ItemLock::ItemLock(const std::filesystem::path& dir, std::int64_t id) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    const std::filesystem::path file = dir / ("item-" + std::to_string(id) + ".lock");
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return;
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);
        return;
    }
    fd_ = fd;
}

ItemLock::~ItemLock() {
    if (fd_ >= 0) ::close(fd_);  // releases the lock
}

}  // namespace clipnote::upload
