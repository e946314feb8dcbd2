#include "upload/local/local_destination.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "common/error.h"
#include "upload/object_key.h"
#include "upload/transport/url.h"

namespace fs = std::filesystem;

namespace clipnote::upload {
namespace {

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

}  // namespace

LocalDestination::LocalDestination(std::string name, LocalSettings settings)
    : name_(std::move(name)), settings_(std::move(settings)) {}

std::string LocalDestination::describe() const {
    return "local folder " + settings_.folder.string() +
           (settings_.public_base_url.empty() ? ", file:// links" : ", links under " + settings_.public_base_url);
}

UploadResult LocalDestination::upload(const UploadRequest& request, Progress& progress) {
    const std::string where = "destination \"" + name_ + "\": ";
    // "<id>/<name>": an earlier upload's link keeps working, and a retry of a queued item (same
    // id) replaces only its own earlier copy.
    const std::string remote_path = remote_path_of(
        request.remote_name.empty() ? request.file.filename().string() : request.remote_name,
        object_id_or_new(request.object_id));
    const fs::path target = settings_.folder / remote_path;
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (ec) throw Error(where + "cannot create " + target.parent_path().string() + ": " + ec.message());

    FilePtr in(std::fopen(request.file.c_str(), "rb"));
    if (!in) throw Error(where + "cannot read " + request.file.string() + ": " + std::strerror(errno));
    const std::uint64_t total = fs::file_size(request.file);
    // Copy beside the target and rename, so the link never shows a half-written file.
    const fs::path temp = target.parent_path() / ("." + target.filename().string() + ".part");
    {
        FilePtr out(std::fopen(temp.c_str(), "wb"));
        if (!out) throw Error(where + "cannot write " + temp.string() + ": " + std::strerror(errno));
        std::vector<char> buffer(1 << 20);
        std::uint64_t done = 0;
        for (;;) {
            const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), in.get());
            if (n == 0) break;
            if (std::fwrite(buffer.data(), 1, n, out.get()) != n) {
                const std::string why = std::strerror(errno);
                fs::remove(temp, ec);
                throw Error(where + "cannot write " + temp.string() + ": " + why);
            }
            done += n;
            progress.on_bytes(done, total);
            if (progress.cancel_token().cancelled()) {
                fs::remove(temp, ec);
                throw Error(where + "cancelled");
            }
        }
        if (std::ferror(in.get()) || std::fflush(out.get()) != 0 || ::fsync(fileno(out.get())) != 0 || done != total) {
            fs::remove(temp, ec);
            throw Error(where + "copying " + request.file.string() + " failed");
        }
    }
    fs::rename(temp, target, ec);
    if (ec) throw Error(where + "cannot rename into " + target.string() + ": " + ec.message());

    UploadResult r;
    r.remote_path = remote_path;
    r.bytes = total;
    r.url = settings_.public_base_url.empty() ? file_uri(fs::absolute(target))
                                              : settings_.public_base_url + percent_encode(r.remote_path, true);
    return r;
}

std::string LocalDestination::remote_path_of(const std::string& name, const std::string& object_id) const {
    return object_key("", object_id, sanitize_file_name(name));
}

void LocalDestination::remove(const std::string& remote_path, Progress&) {
    std::error_code ec;
    const fs::path file = settings_.folder / sanitize_object_key(remote_path);
    fs::remove(file, ec);
    if (ec) throw Error("destination \"" + name_ + "\": cannot remove " + remote_path + ": " + ec.message());
    // The upload's own folder goes too once it is empty (remove() leaves a folder with files).
    if (file.parent_path() != settings_.folder && is_object_id(file.parent_path().filename().string()))
        fs::remove(file.parent_path(), ec);
}

}  // namespace clipnote::upload
