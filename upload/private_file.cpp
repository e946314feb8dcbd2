#include "upload/private_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "common/error.h"

namespace fs = std::filesystem;

namespace clipnote::upload {
namespace {

class Fd {
public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }

private:
    int fd_;
};

[[noreturn]] void fail(const fs::path& file, int error) {
    throw Error(file.string() + ": cannot write: " + std::strerror(error));
}

// Opens for writing; `created` tells whether this call made the file (then with mode 0600, so
// no other user can open it between its creation and a chmod).
int open_private(const fs::path& file, int flags, bool& created) {
    int fd = ::open(file.c_str(), flags | O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    created = fd >= 0;
    if (fd < 0 && errno == EEXIST) fd = ::open(file.c_str(), flags | O_WRONLY | O_CLOEXEC);
    if (fd < 0) fail(file, errno);
    // An existing file may be readable by others: private before the secret goes in. fchmod,
    // not chmod, so it is the file just opened.
    if (!created && ::fchmod(fd, 0600) != 0) {
        const int error = errno;
        ::close(fd);
        fail(file, error);
    }
    return fd;
}

// 0, or the errno of the failed write.
int write_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return n < 0 ? errno : EIO;
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return 0;
}

}  // namespace

void write_private_file(const fs::path& file, std::string_view bytes) {
    bool created = false;
    Fd fd(open_private(file, O_TRUNC, created));
    if (const int error = write_all(fd.get(), bytes)) {
        if (created) ::unlink(file.c_str());
        fail(file, error);
    }
}

void append_private_file(const fs::path& file, std::string_view bytes) {
    bool created = false;
    Fd fd(open_private(file, O_APPEND, created));
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) fail(file, errno);
    if (const int error = write_all(fd.get(), bytes)) {
        // Cut back to what was there: a half entry would make the whole file unreadable.
        if (created)
            ::unlink(file.c_str());
        else
            (void)!::ftruncate(fd.get(), st.st_size);  // best effort; the write error is the news
        fail(file, error);
    }
}

void make_private(const fs::path& file) {
    if (::chmod(file.c_str(), 0600) != 0)
        throw Error(file.string() + ": cannot make it private (chmod 600): " + std::strerror(errno));
}

}  // namespace clipnote::upload
