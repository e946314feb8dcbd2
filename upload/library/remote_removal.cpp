#include "upload/library/remote_removal.h"

#include <filesystem>

#include "upload/destination_factory.h"
#include "upload/share_page/share_page.h"

namespace clipnote::upload {

int remove_from_destination(const Config& config, const QueueItem& item, Progress& progress) {
    if (item.object_id.empty()) return 0;  // never uploaded under a folder of its own
    const auto destination = make_destination(config.find(item.destination));
    // The item's file went up under its own name (a live upload's spool has the recording's name).
    const std::string name = std::filesystem::path(item.file).filename().string();
    int removed = 0;
    // The page and poster first: a page whose video is gone would still unfurl.
    for (const std::string& file : {std::string(kSharePageName), std::string(kPosterName), name}) {
        const std::string path = destination->remote_path_of(file, item.object_id);
        if (path.empty()) return 0;
        destination->remove(path, progress);
        ++removed;
    }
    return removed;
}

}  // namespace clipnote::upload
