#include "upload/library/history_store.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <chrono>

#include "common/error.h"
#include "upload/config.h"

namespace fs = std::filesystem;

namespace clipnote::upload {
namespace {

std::int64_t now_s() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

ItemState parse_state(const std::string& s) {
    if (s == "uploading") return ItemState::uploading;
    if (s == "failed") return ItemState::failed;
    if (s == "done") return ItemState::done;
    return ItemState::pending;
}

constexpr const char* kItemColumns =
    "id, history_id, file, destination, title, state, attempts, last_error, upload_id, parts_done, parts_total, "
    "size, etag, created_at, updated_at, object_id";

QueueItem read_item(SQLite::Statement& q) {
    QueueItem i;
    i.id = q.getColumn(0).getInt64();
    i.history_id = q.getColumn(1).getInt64();
    i.file = q.getColumn(2).getString();
    i.destination = q.getColumn(3).getString();
    i.title = q.getColumn(4).getString();
    i.state = parse_state(q.getColumn(5).getString());
    i.attempts = q.getColumn(6).getInt();
    i.last_error = q.getColumn(7).getString();
    i.upload_id = q.getColumn(8).getString();
    i.parts_done = q.getColumn(9).getInt();
    i.parts_total = q.getColumn(10).getInt();
    i.size = static_cast<std::uint64_t>(q.getColumn(11).getInt64());
    i.etag = q.getColumn(12).getString();
    i.created_at = q.getColumn(13).getInt64();
    i.updated_at = q.getColumn(14).getInt64();
    i.object_id = q.getColumn(15).getString();
    return i;
}

constexpr const char* kHistoryColumns =
    "id, file, size, duration_s, destination, link, time, state, queue_id, note, media_link";

HistoryEntry read_entry(SQLite::Statement& q) {
    HistoryEntry e;
    e.id = q.getColumn(0).getInt64();
    e.file = q.getColumn(1).getString();
    e.size = static_cast<std::uint64_t>(q.getColumn(2).getInt64());
    e.duration_s = q.getColumn(3).getDouble();
    e.destination = q.getColumn(4).getString();
    e.link = q.getColumn(5).getString();
    e.time = q.getColumn(6).getInt64();
    e.state = q.getColumn(7).getString();
    e.queue_id = q.getColumn(8).getInt64();
    e.note = q.getColumn(9).getString();
    e.media_link = q.getColumn(10).getString();
    return e;
}

}  // namespace

const char* to_string(ItemState state) {
    switch (state) {
        case ItemState::pending:
            return "pending";
        case ItemState::uploading:
            return "uploading";
        case ItemState::failed:
            return "failed";
        case ItemState::done:
            return "done";
    }
    return "pending";
}

fs::path stored_path(const fs::path& file) {
    std::error_code ec;
    fs::path p = fs::weakly_canonical(fs::absolute(file), ec);
    return ec ? fs::absolute(file).lexically_normal() : p;
}

fs::path HistoryStore::default_path() {
    return data_dir() / "clipnote.db";
}

HistoryStore::HistoryStore(fs::path path) : path_(std::move(path)) {
    try {
        std::error_code ec;
        if (path_.has_parent_path()) fs::create_directories(path_.parent_path(), ec);
        db_ = std::make_unique<SQLite::Database>(path_.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, 10000);
        db_->exec("PRAGMA journal_mode=WAL");
        db_->exec("PRAGMA synchronous=NORMAL");
        db_->exec("PRAGMA foreign_keys=ON");
        migrate();
    } catch (const SQLite::Exception& e) {
        throw Error("history database " + path_.string() + ": " + e.what());
    }
}

HistoryStore::~HistoryStore() = default;

void HistoryStore::migrate() {
    SQLite::Transaction t(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    const int version = db_->execAndGet("PRAGMA user_version").getInt();
    if (version > kSchemaVersion)
        throw Error("history database " + path_.string() + ": schema version " + std::to_string(version) +
                    " is newer than this clipnote understands (" + std::to_string(kSchemaVersion) + ")");
    if (version < 1) {
        db_->exec(
            "CREATE TABLE history ("
            " id INTEGER PRIMARY KEY, file TEXT NOT NULL, size INTEGER NOT NULL DEFAULT 0,"
            " duration_s REAL NOT NULL DEFAULT 0, destination TEXT NOT NULL DEFAULT '',"
            " link TEXT NOT NULL DEFAULT '', time INTEGER NOT NULL, state TEXT NOT NULL,"
            " queue_id INTEGER NOT NULL DEFAULT 0);"
            "CREATE TABLE queue ("
            " id INTEGER PRIMARY KEY, history_id INTEGER NOT NULL DEFAULT 0, file TEXT NOT NULL,"
            " destination TEXT NOT NULL, title TEXT NOT NULL DEFAULT '',"
            " state TEXT NOT NULL CHECK (state IN ('pending','uploading','failed','done')),"
            " attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '',"
            " upload_id TEXT NOT NULL DEFAULT '', parts_done INTEGER NOT NULL DEFAULT 0,"
            " parts_total INTEGER NOT NULL DEFAULT 0, size INTEGER NOT NULL DEFAULT 0,"
            " etag TEXT NOT NULL DEFAULT '', created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);"
            "CREATE INDEX queue_state ON queue(state);"
            "PRAGMA user_version = 1;");
    }
    if (version < 2) {
        // Version 2: each item keeps the random folder of its key, so a retry reuses the key.
        db_->exec("ALTER TABLE queue ADD COLUMN object_id TEXT NOT NULL DEFAULT '';"
                  "PRAGMA user_version = 2;");
    }
    if (version < 3) {
        // Version 3: how an upload went, in a few words ("sent while recording").
        db_->exec("ALTER TABLE history ADD COLUMN note TEXT NOT NULL DEFAULT '';"
                  "PRAGMA user_version = 3;");
    }
    if (version < 4) {
        // Version 4: the video's own link beside its share page's.
        db_->exec("ALTER TABLE history ADD COLUMN media_link TEXT NOT NULL DEFAULT '';"
                  "PRAGMA user_version = 4;");
    }
    t.commit();
}

std::int64_t HistoryStore::add_history(const HistoryEntry& e, const std::function<void(std::int64_t)>& before_commit) {
    std::lock_guard lock(mutex_);
    SQLite::Transaction t(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement q(*db_,
                        "INSERT INTO history (file, size, duration_s, destination, link, time, state, queue_id) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, e.file);
    q.bind(2, static_cast<std::int64_t>(e.size));
    q.bind(3, e.duration_s);
    q.bind(4, e.destination);
    q.bind(5, e.link);
    q.bind(6, e.time ? e.time : now_s());
    q.bind(7, e.state);
    q.bind(8, e.queue_id);
    q.exec();
    const std::int64_t id = db_->getLastInsertRowid();
    if (before_commit) before_commit(id);
    t.commit();
    return id;
}

std::int64_t HistoryStore::add_recording(const fs::path& file, double duration_s) {
    HistoryEntry e;
    e.file = stored_path(file).string();
    std::error_code ec;
    e.size = fs::file_size(file, ec);
    e.duration_s = duration_s;
    e.state = "recorded";
    return add_history(e);
}

std::vector<HistoryEntry> HistoryStore::history(int limit) const {
    std::lock_guard lock(mutex_);
    SQLite::Statement q(*db_, std::string("SELECT ") + kHistoryColumns + " FROM history ORDER BY id DESC" +
                                  (limit > 0 ? " LIMIT " + std::to_string(limit) : ""));
    std::vector<HistoryEntry> out;
    while (q.executeStep()) out.push_back(read_entry(q));
    return out;
}

std::optional<HistoryEntry> HistoryStore::history_entry(std::int64_t id) const {
    std::lock_guard lock(mutex_);
    SQLite::Statement q(*db_, std::string("SELECT ") + kHistoryColumns + " FROM history WHERE id = ?");
    q.bind(1, id);
    if (!q.executeStep()) return std::nullopt;
    return read_entry(q);
}

std::int64_t HistoryStore::enqueue(const fs::path& file, const std::string& destination, const std::string& title,
                                   std::uint64_t size, double duration_s) {
    std::lock_guard lock(mutex_);
    const std::string path = stored_path(file).string();
    const std::int64_t now = now_s();
    SQLite::Transaction t(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement h(*db_,
                        "INSERT INTO history (file, size, duration_s, destination, time, state) "
                        "VALUES (?, ?, ?, ?, ?, 'queued')");
    h.bind(1, path);
    h.bind(2, static_cast<std::int64_t>(size));
    h.bind(3, duration_s);
    h.bind(4, destination);
    h.bind(5, now);
    h.exec();
    const std::int64_t history_id = db_->getLastInsertRowid();
    SQLite::Statement q(*db_,
                        "INSERT INTO queue (history_id, file, destination, title, state, size, created_at, updated_at)"
                        " VALUES (?, ?, ?, ?, 'pending', ?, ?, ?)");
    q.bind(1, history_id);
    q.bind(2, path);
    q.bind(3, destination);
    q.bind(4, title);
    q.bind(5, static_cast<std::int64_t>(size));
    q.bind(6, now);
    q.bind(7, now);
    q.exec();
    const std::int64_t id = db_->getLastInsertRowid();
    SQLite::Statement link(*db_, "UPDATE history SET queue_id = ? WHERE id = ?");
    link.bind(1, id);
    link.bind(2, history_id);
    link.exec();
    t.commit();
    return id;
}

std::optional<QueueItem> HistoryStore::item(std::int64_t id) const {
    std::lock_guard lock(mutex_);
    SQLite::Statement q(*db_, std::string("SELECT ") + kItemColumns + " FROM queue WHERE id = ?");
    q.bind(1, id);
    if (!q.executeStep()) return std::nullopt;
    return read_item(q);
}

std::optional<QueueItem> HistoryStore::find_open(const fs::path& file, const std::string& destination) const {
    std::lock_guard lock(mutex_);
    SQLite::Statement q(*db_, std::string("SELECT ") + kItemColumns +
                                  " FROM queue WHERE file = ? AND destination = ? AND state != 'done' "
                                  "ORDER BY id LIMIT 1");
    q.bind(1, stored_path(file).string());
    q.bind(2, destination);
    if (!q.executeStep()) return std::nullopt;
    return read_item(q);
}

std::vector<QueueItem> HistoryStore::items(bool include_done) const {
    std::lock_guard lock(mutex_);
    SQLite::Statement q(*db_, std::string("SELECT ") + kItemColumns + " FROM queue" +
                                  (include_done ? "" : " WHERE state != 'done'") + " ORDER BY id");
    std::vector<QueueItem> out;
    while (q.executeStep()) out.push_back(read_item(q));
    return out;
}

void HistoryStore::set_history_state(std::int64_t history_id, const std::string& state, const std::string& link) {
    SQLite::Statement h(*db_,
                        "UPDATE history SET state = ?, link = CASE WHEN ? != '' THEN ? ELSE link END "
                        "WHERE id = ?");
    h.bind(1, state);
    h.bind(2, link);
    h.bind(3, link);
    h.bind(4, history_id);
    h.exec();
}

void HistoryStore::mark_uploading(std::int64_t id) {
    std::lock_guard lock(mutex_);
    SQLite::Transaction t(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement q(*db_,
                        "UPDATE queue SET state = 'uploading', attempts = attempts + 1, updated_at = ? "
                        "WHERE id = ?");
    q.bind(1, now_s());
    q.bind(2, id);
    q.exec();
    SQLite::Statement h(*db_, "SELECT history_id FROM queue WHERE id = ?");
    h.bind(1, id);
    if (h.executeStep()) set_history_state(h.getColumn(0).getInt64(), "uploading");
    t.commit();
}

void HistoryStore::set_queue_text(std::int64_t id, const char* column, const std::string& value) {
    std::lock_guard lock(mutex_);
    SQLite::Statement q(*db_, std::string("UPDATE queue SET ") + column + " = ?, updated_at = ? WHERE id = ?");
    q.bind(1, value);
    q.bind(2, now_s());
    q.bind(3, id);
    q.exec();
}

void HistoryStore::set_upload_id(std::int64_t id, const std::string& upload_id) { set_queue_text(id, "upload_id", upload_id); }

void HistoryStore::set_object_id(std::int64_t id, const std::string& object_id) { set_queue_text(id, "object_id", object_id); }

void HistoryStore::set_item_file(std::int64_t id, const fs::path& file, std::uint64_t size) {
    std::lock_guard lock(mutex_);
    SQLite::Statement q(*db_, "UPDATE queue SET file = ?, size = ?, updated_at = ? WHERE id = ?");
    q.bind(1, file.string());
    q.bind(2, static_cast<std::int64_t>(size));
    q.bind(3, now_s());
    q.bind(4, id);
    q.exec();
}

void HistoryStore::set_parts(std::int64_t id, int done, int total) {
    std::lock_guard lock(mutex_);
    SQLite::Statement q(*db_, "UPDATE queue SET parts_done = ?, parts_total = ?, updated_at = ? WHERE id = ?");
    q.bind(1, done);
    q.bind(2, total);
    q.bind(3, now_s());
    q.bind(4, id);
    q.exec();
}

void HistoryStore::set_item_state(std::int64_t id, const char* state, const std::string& error,
                                  const std::string& history_state, const std::string& link) {
    std::lock_guard lock(mutex_);
    SQLite::Transaction t(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement q(*db_, "UPDATE queue SET state = ?, last_error = ?, updated_at = ? WHERE id = ?");
    q.bind(1, state);
    q.bind(2, error);
    q.bind(3, now_s());
    q.bind(4, id);
    q.exec();
    SQLite::Statement h(*db_, "SELECT history_id FROM queue WHERE id = ?");
    h.bind(1, id);
    if (h.executeStep()) set_history_state(h.getColumn(0).getInt64(), history_state, link);
    t.commit();
}

void HistoryStore::mark_failed(std::int64_t id, const std::string& error) {
    set_item_state(id, "failed", error, "failed", "");
}

void HistoryStore::mark_pending(std::int64_t id, const std::string& error, const std::string& link) {
    set_item_state(id, "pending", error, "pending", link);
}

void HistoryStore::mark_done(std::int64_t id, const std::string& link, const std::string& etag, std::uint64_t bytes) {
    std::lock_guard lock(mutex_);
    SQLite::Transaction t(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement q(*db_,
                        "UPDATE queue SET state = 'done', last_error = '', etag = ?, size = ?, "
                        "parts_done = parts_total, updated_at = ? WHERE id = ?");
    q.bind(1, etag);
    q.bind(2, static_cast<std::int64_t>(bytes));
    q.bind(3, now_s());
    q.bind(4, id);
    q.exec();
    SQLite::Statement h(*db_, "SELECT history_id FROM queue WHERE id = ?");
    h.bind(1, id);
    if (h.executeStep()) set_history_state(h.getColumn(0).getInt64(), "uploaded", link);
    t.commit();
}

void HistoryStore::cancel(std::int64_t id) {
    std::lock_guard lock(mutex_);
    SQLite::Transaction t(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement h(*db_, "SELECT history_id FROM queue WHERE id = ?");
    h.bind(1, id);
    if (h.executeStep()) set_history_state(h.getColumn(0).getInt64(), "cancelled");
    SQLite::Statement q(*db_, "DELETE FROM queue WHERE id = ?");
    q.bind(1, id);
    q.exec();
    t.commit();
}

void HistoryStore::update_entry(std::int64_t id, const std::string& file, const std::string& state,
                                std::uint64_t size) {
    std::lock_guard lock(mutex_);
    SQLite::Statement q(*db_, "UPDATE history SET file = ?, state = ?, size = ? WHERE id = ?");
    q.bind(1, file);
    q.bind(2, state);
    q.bind(3, static_cast<std::int64_t>(size));
    q.bind(4, id);
    q.exec();
}

void HistoryStore::set_duration(std::int64_t id, double duration_s) {
    std::lock_guard lock(mutex_);
    SQLite::Statement q(*db_, "UPDATE history SET duration_s = ? WHERE id = ?");
    q.bind(1, duration_s);
    q.bind(2, id);
    q.exec();
}

void HistoryStore::set_media_link(std::int64_t id, const std::string& link) {
    std::lock_guard lock(mutex_);
    SQLite::Statement q(*db_, "UPDATE history SET media_link = ? WHERE id = ?");
    q.bind(1, link);
    q.bind(2, id);
    q.exec();
}

void HistoryStore::set_note(std::int64_t id, const std::string& note) {
    std::lock_guard lock(mutex_);
    SQLite::Statement q(*db_, "UPDATE history SET note = ? WHERE id = ?");
    q.bind(1, note);
    q.bind(2, id);
    q.exec();
}

void HistoryStore::remove_history(std::int64_t id) {
    std::lock_guard lock(mutex_);
    SQLite::Transaction t(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    // Callers check first that no process is uploading the item (its lock is free).
    SQLite::Statement q(*db_, "DELETE FROM queue WHERE history_id = ?");
    q.bind(1, id);
    q.exec();
    SQLite::Statement h(*db_, "DELETE FROM history WHERE id = ?");
    h.bind(1, id);
    h.exec();
    t.commit();
}

}  // namespace clipnote::upload
