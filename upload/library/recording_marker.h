#pragma once
// A recording is in History from its first second, so that a process killed -9 (or a machine that
// loses power) never leaves a recording nobody lists. While it records, a placeholder entry in
// state "recording" stands for it, held by a lock the kernel drops when the process dies. A shell
// that ends normally lists the file its own way (kept, queued, failed) and the marker takes its
// placeholder back. A placeholder whose lock is free belongs to a dead process:
// recover_interrupted_recordings() turns it into an "interrupted" entry for the file on disk (the
// MP4 is fragmented, so it plays up to its last second).
#include <cstdint>
#include <filesystem>
#include <string>

#include "upload/library/history_store.h"
#include "upload/library/item_lock.h"

namespace clipnote::upload {

class RecordingMarker {
public:
    // Adds the placeholder for `file` (the file being written) to the store at `db`, first
    // recovering what earlier processes left. Throws Error when the history cannot be written.
    explicit RecordingMarker(const std::filesystem::path& file, std::filesystem::path db = HistoryStore::default_path());
    // Takes the placeholder back (the shell has listed the recording, or it was discarded).
    ~RecordingMarker();
    RecordingMarker(const RecordingMarker&) = delete;
    RecordingMarker& operator=(const RecordingMarker&) = delete;

    // The recording moved (its finished MP4, or the GIF made from it). Never throws.
    void set_file(const std::filesystem::path& file);
    // Whether `file` is the recording this marker stands for (as it started, or as it is now).
    bool is_for(const std::filesystem::path& file) const;

private:
    HistoryStore store_;
    std::int64_t id_ = 0;
    std::filesystem::path first_file_, file_;
    std::unique_ptr<ItemLock> lock_;
};

// Placeholders left by processes that died: each becomes an "interrupted" entry for its file, or
// goes when the file is gone, empty, or listed by another entry (the queue had it already).
// Returns how many recordings were listed.
int recover_interrupted_recordings(HistoryStore& store);

// Where the placeholders' locks live, beside the database.
std::filesystem::path recording_lock_dir(const HistoryStore& store);

}  // namespace clipnote::upload
