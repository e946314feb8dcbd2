// The history and queue database: what goes in comes back after reopening, the schema is
// versioned and in WAL mode, and `clipnote history --json` is JSON a script can read.
#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "common/error.h"
#include "queue_cli_fixture.h"
#include "upload/library/history_store.h"
#include "upload/library/recording_marker.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace clipnote;
using namespace clipnote::upload;
using namespace clipnote::test;

TEST_CASE("the history store keeps recordings and queue items across reopening") {
    TempDir dir("clipnote-history-");
    const std::string db = dir.file("sub/clipnote.db");
    write_random_file(dir.file("clip.mp4"), 1234, 1);
    std::int64_t recorded = 0, queued = 0;
    {
        HistoryStore store(db);
        HistoryEntry e;
        e.file = dir.file("take1.mp4");
        e.size = 99;
        e.duration_s = 4.5;
        e.state = "recorded";
        recorded = store.add_history(e);
        queued = store.enqueue(dir.file("clip.mp4"), "team", "Standup", 1234, 2.0);
        store.mark_uploading(queued);
        store.set_upload_id(queued, "upload-abc");
        store.set_parts(queued, 2, 5);
        store.mark_failed(queued, "destination \"team\": HTTP 503");
    }
    HistoryStore store(db);
    const auto history = store.history();
    REQUIRE(history.size() == 2);
    CHECK(history[0].file == dir.file("clip.mp4"));  // newest first
    CHECK(history[0].state == "failed");
    CHECK(history[0].destination == "team");
    CHECK(history[0].duration_s == doctest::Approx(2.0));
    CHECK(history[0].queue_id == queued);
    CHECK(history[1].id == recorded);
    CHECK(history[1].state == "recorded");
    CHECK(history[1].size == 99);
    CHECK(history[1].duration_s == doctest::Approx(4.5));

    const auto item = store.item(queued);
    REQUIRE(item);
    CHECK(item->state == ItemState::failed);
    CHECK(item->attempts == 1);
    CHECK(item->title == "Standup");
    CHECK(item->upload_id == "upload-abc");
    CHECK(item->parts_done == 2);
    CHECK(item->parts_total == 5);
    CHECK(item->size == 1234);
    CHECK(item->last_error == "destination \"team\": HTTP 503");
    CHECK(store.find_open(dir.file("./clip.mp4"), "team")->id == queued);
    CHECK_FALSE(store.find_open(dir.file("clip.mp4"), "nas"));

    store.mark_done(queued, "https://example.com/clip.mp4", "\"etag\"", 1234);
    CHECK(store.items().empty());
    CHECK(store.items(true).size() == 1);
    CHECK(store.history_entry(item->history_id)->state == "uploaded");
    CHECK(store.history_entry(item->history_id)->link == "https://example.com/clip.mp4");

    SQLite::Database raw(db);
    CHECK(raw.execAndGet("PRAGMA user_version").getInt() == HistoryStore::kSchemaVersion);
    CHECK(raw.execAndGet("PRAGMA journal_mode").getString() == "wal");
}

TEST_CASE("a database written by a newer clipnote is refused with one clear line") {
    TempDir dir("clipnote-history-");
    const std::string db = dir.file("clipnote.db");
    { HistoryStore store(db); }
    {
        SQLite::Database raw(db, SQLite::OPEN_READWRITE);
        raw.exec("PRAGMA user_version = 7");
    }
    const std::string expected = db + ": schema version 7 is newer";
    CHECK_THROWS_WITH_AS(HistoryStore{db}, doctest::Contains(expected.c_str()), Error);
}

TEST_CASE("a version 1 database gains the items' key ids, the entries' notes and video links, and keeps its items") {
    TempDir dir("clipnote-history-");
    const std::string db = dir.file("clipnote.db");
    std::int64_t id = 0;
    {
        HistoryStore store(db);
        id = store.enqueue(dir.file("a.mp4"), "team", "", 10, 0);
    }
    {
        SQLite::Database raw(db, SQLite::OPEN_READWRITE);
        raw.exec("ALTER TABLE queue DROP COLUMN object_id; ALTER TABLE history DROP COLUMN note;"
                 "ALTER TABLE history DROP COLUMN media_link; PRAGMA user_version = 1");
    }
    HistoryStore store(db);
    REQUIRE(store.item(id));
    CHECK(store.item(id)->object_id.empty());
    store.set_object_id(id, "abcdefghijklmnopqrst");
    CHECK(store.item(id)->object_id == "abcdefghijklmnopqrst");
    const auto history_id = store.item(id)->history_id;
    REQUIRE(store.history_entry(history_id));
    CHECK(store.history_entry(history_id)->note.empty());
    store.set_note(history_id, "sent while recording");
    CHECK(store.history_entry(history_id)->note == "sent while recording");
    CHECK(store.history_entry(history_id)->media_link.empty());
    store.set_media_link(history_id, "https://x.example/id/a.mp4");
    CHECK(store.history_entry(history_id)->media_link == "https://x.example/id/a.mp4");
}

TEST_CASE("cancelling a queue item keeps it in the history as cancelled") {
    TempDir dir("clipnote-history-");
    HistoryStore store(dir.file("clipnote.db"));
    const auto id = store.enqueue(dir.file("a.mp4"), "team", "", 10, 0);
    store.cancel(id);
    CHECK_FALSE(store.item(id));
    CHECK(store.history().at(0).state == "cancelled");
}

TEST_CASE("clipnote history --json lists an upload with its link, size and state") {
    QueueCliFixture f;
    write_random_file(f.dir.file("clip.mp4"), 4321, 2);
    RunResult r = f.run({"upload", f.dir.file("clip.mp4"), "--to", "disk", "--config", f.config()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const nlohmann::json h = f.history();
    REQUIRE(h.is_array());
    REQUIRE(h.size() == 1);
    CHECK(h[0]["file"] == f.dir.file("clip.mp4"));
    CHECK(h[0]["size"] == 4321);
    CHECK(h[0]["destination"] == "disk");
    CHECK(h[0]["state"] == "uploaded");
    CHECK(h[0]["link"] == first_line(r.out));
    CHECK(h[0]["time"].get<std::string>().size() == 20);  // 2024-05-01T12:00:00Z
    CHECK(curl_cli(h[0]["link"]).body == read_binary_file(f.dir.file("clip.mp4")));

    RunResult text = f.run({"history"});
    CHECK(text.out.find("uploaded   clip.mp4  4.3 kB  disk  file://") != std::string::npos);
}

namespace {

// A process that starts recording `file` (its placeholder in History) and dies by SIGKILL.
void killed_while_recording(const std::string& file, const std::string& db) {
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        try {
            const RecordingMarker marker(file, db);
            raise(SIGKILL);
        } catch (...) {
        }
        _exit(3);
    }
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFSIGNALED(status));
    REQUIRE(WTERMSIG(status) == SIGKILL);
}

}  // namespace

TEST_CASE("a recording whose process was killed -9 is listed as interrupted; a live one is not") {
    TempDir dir("clipnote-history-");
    const std::string db = dir.file("clipnote.db");
    write_random_file(dir.file("killed.mp4"), 5000, 1);
    write_random_file(dir.file("queued.mp4"), 700, 2);
    killed_while_recording(dir.file("never-written.mp4"), db);  // died before its file existed
    killed_while_recording(dir.file("queued.mp4"), db);         // ... after its shell queued it
    HistoryStore(db).enqueue(dir.file("queued.mp4"), "team", "", 700, 1.0);
    // Each new recording first sorts out what dead ones left (here: drops both), never a live one.
    auto live = std::make_unique<RecordingMarker>(dir.file("live.mp4"), db);
    killed_while_recording(dir.file("killed.mp4"), db);

    HistoryStore store(db);
    CHECK(recover_interrupted_recordings(store) == 1);
    auto entries = store.history();
    REQUIRE(entries.size() == 3);  // newest first: the killed one, the live placeholder, the queued upload
    CHECK(entries[0].state == "interrupted");
    CHECK(entries[0].file == dir.file("killed.mp4"));
    CHECK(entries[0].size == 5000);
    CHECK(entries[1].state == "recording");
    CHECK(entries[1].file == dir.file("live.mp4"));
    CHECK(entries[2].state == "queued");
    CHECK(recover_interrupted_recordings(store) == 0);  // once only

    // A recording that ends normally takes its placeholder back (its shell lists it its own way).
    live.reset();
    entries = store.history();
    REQUIRE(entries.size() == 2);
    CHECK(entries[0].state == "interrupted");
    CHECK(entries[1].state == "queued");
}
