#include "upload/library/live_spool.h"

namespace fs = std::filesystem;

namespace clipnote::upload {
namespace {
constexpr const char* kSpoolFolder = ".clipnote-upload";
}

fs::path live_spool_path(const fs::path& recording) {
    return recording.parent_path() / kSpoolFolder / recording.filename();
}

void remove_live_spool(const fs::path& uploaded) {
    std::error_code ec;
    const bool is_spool = uploaded.parent_path().filename() == kSpoolFolder;
    fs::remove(is_spool ? uploaded : live_spool_path(uploaded), ec);
    // The folder goes with its last spool (another recording's spool keeps it).
    fs::remove(is_spool ? uploaded.parent_path() : uploaded.parent_path() / kSpoolFolder, ec);
}

}  // namespace clipnote::upload
