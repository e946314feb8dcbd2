#include "app/share/publish_page.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>

#include "common/error.h"
#include "encode/media_reader.h"
#include "encode/poster.h"
#include "upload/object_key.h"
#include "upload/share_page/share_page.h"

namespace fs = std::filesystem;

namespace clipnote::share {
namespace {

// A file of its own in the temporary folder, removed when this goes out of scope.
class TempFile {
public:
    explicit TempFile(const std::string& suffix) {
        std::string pattern = (fs::temp_directory_path() / ("clipnote-page-XXXXXX" + suffix)).string();
        const int fd = ::mkstemps(pattern.data(), static_cast<int>(suffix.size()));
        if (fd < 0) throw Error("cannot make a temporary file in " + fs::temp_directory_path().string());
        ::close(fd);
        path_ = pattern;
    }
    ~TempFile() {
        std::error_code ec;
        fs::remove(path_, ec);
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

// When the file was last written (the recording's end): unix seconds, 0 when unknown.
std::int64_t modified_at(const fs::path& file) {
    struct stat st {};
    return ::stat(file.c_str(), &st) == 0 ? static_cast<std::int64_t>(st.st_mtime) : 0;
}

}  // namespace

std::string beside(const std::string& video_name, const std::string& file_name) {
    const auto slash = video_name.rfind('/');
    return slash == std::string::npos ? file_name : video_name.substr(0, slash + 1) + file_name;
}

PublishedPage publish_share_page(Destination& destination, const UploadRequest& video_request,
                                 const UploadResult& video, Progress& progress) {
    const std::string video_name =
        video_request.remote_name.empty() ? video_request.file.filename().string() : video_request.remote_name;
    upload::SharePage page;
    page.title = video_request.title.empty() ? video_request.file.filename().string() : video_request.title;
    page.media_url = video.url;
    page.media_type = video_request.content_type.empty() ? upload::guess_content_type(video_name) : video_request.content_type;
    page.recorded_at = modified_at(video_request.file);
    auto upload_beside = [&](const fs::path& file, const std::string& name) {
        UploadRequest r;
        r.file = file;
        r.remote_name = beside(video_name, name);
        r.object_id = video_request.object_id;
        r.title = page.title;
        return destination.upload(r, progress);
    };

    PublishedPage published;
    // A file that cannot be decoded still gets its page, without a poster or a size.
    if (page.media_type.rfind("video/", 0) == 0) {
        const TempFile poster(".jpg");
        std::optional<PosterInfo> info;
        try {
            info = make_poster(video_request.file.string(), poster.path().string());
        } catch (const Error& e) {
            progress.on_note("no poster: " + std::string(e.what()));
        }
        if (info) {
            page.width = info->video_width;
            page.height = info->video_height;
            page.duration_s = info->duration_s;
            page.poster_width = info->width;
            page.poster_height = info->height;
            page.poster_url = published.poster_url = upload_beside(poster.path(), upload::kPosterName).url;
        }
    } else {
        try {
            const MediaReader reader(video_request.file.string(), /*with_audio=*/false);
            page.width = reader.video().width;
            page.height = reader.video().height;
            page.duration_s = reader.duration_s();
        } catch (const Error& e) {
            progress.on_note("cannot read the picture's size: " + std::string(e.what()));
        }
    }
    const TempFile html(".html");
    {
        std::ofstream out(html.path(), std::ios::binary | std::ios::trunc);
        out << upload::share_page_html(page);
        out.close();
        if (!out) throw Error("cannot write " + html.path().string());
    }
    published.url = upload_beside(html.path(), upload::kSharePageName).url;
    return published;
}

void add_share_page(const upload::DestinationConfig& config, Destination& destination,
                    const UploadRequest& video_request, UploadResult& video, Progress& progress) {
    if (!config.share_page) return;
    // Pages are for what a page can show: a video or an animated picture, not any file uploaded.
    const std::string name =
        video_request.remote_name.empty() ? video_request.file.filename().string() : video_request.remote_name;
    const std::string type =
        video_request.content_type.empty() ? upload::guess_content_type(name) : video_request.content_type;
    if (type.rfind("video/", 0) != 0 && type != "image/gif" && type != "image/webp") return;
    const std::string page = publish_share_page(destination, video_request, video, progress).url;
    video.media_url = video.url;
    video.url = page;
}

}  // namespace clipnote::share
