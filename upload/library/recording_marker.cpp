#include "upload/library/recording_marker.h"

#include <set>

namespace fs = std::filesystem;

namespace clipnote::upload {
namespace {

constexpr const char* kRecording = "recording";

}  // namespace

fs::path recording_lock_dir(const HistoryStore& store) { return store.path().parent_path() / "recording-locks"; }

int recover_interrupted_recordings(HistoryStore& store) {
    const std::vector<HistoryEntry> entries = store.history();
    std::set<std::string> listed;
    for (const HistoryEntry& e : entries)
        if (e.state != kRecording) listed.insert(e.file);
    int recovered = 0;
    for (const HistoryEntry& e : entries) {
        if (e.state != kRecording) continue;
        const ItemLock lock(recording_lock_dir(store), e.id);
        if (!lock.owns()) continue;  // its process is still recording
        std::error_code ec;
        const std::uintmax_t size = fs::file_size(e.file, ec);
        if (ec || size == 0 || listed.count(e.file)) {
            store.remove_history(e.id);
        } else {
            store.update_entry(e.id, e.file, "interrupted", size);
            ++recovered;
        }
        fs::remove(recording_lock_dir(store) / ("item-" + std::to_string(e.id) + ".lock"), ec);
    }
    return recovered;
}

RecordingMarker::RecordingMarker(const fs::path& file, fs::path db)
    : store_(std::move(db)), first_file_(stored_path(file)), file_(first_file_) {
    recover_interrupted_recordings(store_);
    HistoryEntry e;
    e.file = file_.string();
    e.state = kRecording;
    // Locked before the entry is visible: no other process can take it for a dead one's.
    id_ = store_.add_history(e, [this](std::int64_t id) { lock_ = std::make_unique<ItemLock>(recording_lock_dir(store_), id); });
}

RecordingMarker::~RecordingMarker() {
    try {
        store_.remove_history(id_);
    } catch (...) {
        // The next start finds the placeholder with its lock free and sorts it out.
    }
    lock_.reset();
    std::error_code ec;
    fs::remove(recording_lock_dir(store_) / ("item-" + std::to_string(id_) + ".lock"), ec);
}

void RecordingMarker::set_file(const fs::path& file) {
    file_ = stored_path(file);
    try {
        store_.update_entry(id_, file_.string(), kRecording, 0);
    } catch (...) {
        // Only the crash listing names the older file then; the shell still lists the new one.
    }
}

bool RecordingMarker::is_for(const fs::path& file) const {
    const fs::path f = stored_path(file);
    return f == first_file_ || f == file_;
}

}  // namespace clipnote::upload
