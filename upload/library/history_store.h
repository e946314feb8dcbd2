#pragma once
// The state a person cares about, in SQLite ($XDG_DATA_HOME/clipnote/clipnote.db): the history of
// recordings and their links, and the persistent upload queue that lets an interrupted upload
// resume on the next start. Schema versioned with PRAGMA user_version; WAL mode, so a reader (the
// `history` command) never blocks an upload. Nothing secret is ever written here: errors are the
// destinations' one-line messages, which carry no secrets by design.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace SQLite {
class Database;
}

namespace clipnote::upload {

// "recorded" (no upload asked), "queued", "uploading", "uploaded", "failed", "cancelled";
// "recording" (a placeholder while it records, recording_marker.h), "interrupted" (its process died).
struct HistoryEntry {
    std::int64_t id = 0;
    std::string file;  // absolute path
    std::uint64_t size = 0;
    double duration_s = 0;  // 0 when unknown (an uploaded file that was not recorded here)
    std::string destination;
    std::string link;
    std::int64_t time = 0;  // unix seconds when the entry was made
    std::string state;
    std::int64_t queue_id = 0;  // 0: not uploaded through the queue
    std::string note;           // how the upload went, e.g. "sent while recording"; often ""
    std::string media_link;     // the video's own link when `link` is its share page, else ""
};

enum class ItemState { pending, uploading, failed, done };
const char* to_string(ItemState state);

struct QueueItem {
    std::int64_t id = 0;
    std::int64_t history_id = 0;
    std::string file;
    std::string destination;
    std::string title;
    ItemState state = ItemState::pending;
    int attempts = 0;
    std::string last_error;
    std::string upload_id;  // S3 multipart upload in progress, for resuming
    std::string object_id;  // the random folder of the item's key (object_key.h); "" until its first run
    int parts_done = 0, parts_total = 0;
    std::uint64_t size = 0;
    std::string etag;
    std::int64_t created_at = 0, updated_at = 0;
};

class HistoryStore {
public:
    static constexpr int kSchemaVersion = 4;
    // data_dir()/clipnote.db
    static std::filesystem::path default_path();

    // Opens (creating folder, file and schema as needed). Throws Error naming the file.
    explicit HistoryStore(std::filesystem::path path = default_path());
    ~HistoryStore();
    HistoryStore(const HistoryStore&) = delete;
    HistoryStore& operator=(const HistoryStore&) = delete;

    const std::filesystem::path& path() const { return path_; }

    // History. Newest first; limit 0 = all.
    // `before_commit` runs with the new id before other processes can see the entry (a recording's
    // placeholder takes its lock there).
    std::int64_t add_history(const HistoryEntry& entry,
                             const std::function<void(std::int64_t id)>& before_commit = {});
    // A recording nobody asked to upload (state "recorded"), its size read from the file.
    std::int64_t add_recording(const std::filesystem::path& file, double duration_s);
    std::vector<HistoryEntry> history(int limit = 0) const;
    std::optional<HistoryEntry> history_entry(std::int64_t id) const;
    // Points an entry at another file, state and size (a recording that moved or was interrupted).
    void update_entry(std::int64_t id, const std::string& file, const std::string& state, std::uint64_t size);
    void set_duration(std::int64_t id, double duration_s);
    void set_note(std::int64_t id, const std::string& note);
    void set_media_link(std::int64_t id, const std::string& link);
    // Forgets an entry and takes its queue item off the queue (check UploadQueue::busy_elsewhere
    // first). The file is the caller's business: the store never touches recordings.
    void remove_history(std::int64_t id);

    // Queue. enqueue also makes the history entry ("queued") the item reports into.
    std::int64_t enqueue(const std::filesystem::path& file, const std::string& destination, const std::string& title,
                         std::uint64_t size, double duration_s);
    std::optional<QueueItem> item(std::int64_t id) const;
    // The unfinished item (not done) for this file and destination, if any.
    std::optional<QueueItem> find_open(const std::filesystem::path& file, const std::string& destination) const;
    // Oldest first; done items only when asked.
    std::vector<QueueItem> items(bool include_done = false) const;

    void mark_uploading(std::int64_t id);  // counts an attempt
    void set_upload_id(std::int64_t id, const std::string& upload_id);
    void set_object_id(std::int64_t id, const std::string& object_id);
    // The item now uploads `file` (`size` bytes); its history entry keeps the recording it lists.
    void set_item_file(std::int64_t id, const std::filesystem::path& file, std::uint64_t size);
    void set_parts(std::int64_t id, int done, int total);
    void mark_failed(std::int64_t id, const std::string& error);
    // The object's link is out already (an upload begun while recording) but the object is not
    // complete: the item stays pending, so the next queue run (the app's start, `queue --retry`)
    // completes it; History shows "pending" with the link.
    void mark_pending(std::int64_t id, const std::string& error, const std::string& link);
    void mark_done(std::int64_t id, const std::string& link, const std::string& etag, std::uint64_t bytes);
    // Takes the item off the queue; its history entry says "cancelled".
    void cancel(std::int64_t id);

private:
    void migrate();
    void set_history_state(std::int64_t history_id, const std::string& state, const std::string& link = {});
    // The queue item's state and error, and its history entry's state (and link, unless empty).
    void set_item_state(std::int64_t id, const char* state, const std::string& error, const std::string& history_state,
                        const std::string& link);
    // `column` is one of the queue's text columns, named in code, never from input.
    void set_queue_text(std::int64_t id, const char* column, const std::string& value);

    std::filesystem::path path_;
    std::unique_ptr<SQLite::Database> db_;
    mutable std::mutex mutex_;  // parts report from several transfer threads
};

// The absolute, normalised form of a path as the store keeps it.
std::filesystem::path stored_path(const std::filesystem::path& file);

}  // namespace clipnote::upload
