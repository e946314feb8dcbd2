#pragma once
// After a video (or GIF) went up to a destination that keeps files in folders (local, WebDAV, S3):
// (in app/share, not upload/: the poster needs the FFmpeg core, which the upload stage does without)
// its poster and share page (share_page.h) go beside it, in the same folder (the same object id
// and folders of the name), and the page's link is the one to share.
#include <string>

#include "upload/config.h"
#include "upload/destination.h"
#include "upload/library/upload_queue.h"

namespace clipnote::share {

using upload::Destination;
using upload::Progress;
using upload::UploadRequest;
using upload::UploadResult;

struct PublishedPage {
    std::string url;         // the page's link
    std::string poster_url;  // "" for a GIF (its own picture)
};

// `video_request` as the video was uploaded (its file, remote name and object id; the title for
// the page, else the file's name), `video` what the upload returned. Makes the poster and the
// page in temporary files, uploads both and removes them. Throws Error.
PublishedPage publish_share_page(Destination& destination, const UploadRequest& video_request,
                                 const UploadResult& video, Progress& progress);

// The remote name of a file called `file_name` beside the video called `video_name`
// ("2024/clip.mp4", "index.html" -> "2024/index.html").
std::string beside(const std::string& video_name, const std::string& file_name);

// For UploadQueue::set_after_upload: when `config` asks for a share page (its share_page field)
// and the file is a video or an animated picture, publishes the page and makes it the link
// (`video.url`). Other files keep their own link. Throws Error.
void add_share_page(const upload::DestinationConfig& config, Destination& destination,
                    const UploadRequest& video_request, UploadResult& video, Progress& progress);
// `queue` publishes a share page after each upload whose destination asks for one.
inline void publish_pages(upload::UploadQueue& queue) { queue.set_after_upload(&add_share_page); }

}  // namespace clipnote::share
