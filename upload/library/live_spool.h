#pragma once
// Where an upload made while recording keeps its spool (the progressive MP4 it sends, see
// encode/spooled_mp4_sink.h): beside the recording, in a hidden folder, under the recording's name
// (so a retry from the queue uploads it under that name, to the same key). The spool is clipnote's
// own temporary copy, never the user's recording: once the object is complete it goes.
#include <filesystem>

namespace clipnote::upload {

std::filesystem::path live_spool_path(const std::filesystem::path& recording);

// After the queue completed the upload of `uploaded`: removes it if it is a spool, or the spool a
// killed live upload left beside it if it is a recording. Never throws.
void remove_live_spool(const std::filesystem::path& uploaded);

}  // namespace clipnote::upload
