#include "upload/library/upload_queue.h"

#include "common/error.h"
#include "upload/destination_factory.h"
#include "upload/library/item_lock.h"
#include "upload/library/live_spool.h"
#include "upload/object_key.h"
#include "upload/upload_errors.h"

namespace fs = std::filesystem;

namespace clipnote::upload {
namespace {

std::string item_label(std::int64_t id) {
    return "queue item #" + std::to_string(id);
}

}  // namespace

UploadQueue::UploadQueue(HistoryStore& store, const Config& config) : store_(store), config_(config) {}

fs::path UploadQueue::lock_dir() const {
    return store_.path().parent_path() / "queue-locks";
}

std::int64_t UploadQueue::enqueue(const fs::path& file, const std::string& destination, const std::string& title,
                                  double duration_s) {
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) throw Error("cannot read " + file.string() + ": no such file");
    const std::uint64_t size = fs::file_size(file, ec);
    if (ec) throw Error("cannot read " + file.string() + ": " + ec.message());
    config_.find(destination);  // throws naming the known destinations
    if (auto open = store_.find_open(file, destination)) return open->id;
    return store_.enqueue(file, destination, title, size, duration_s);
}

bool UploadQueue::busy_elsewhere(std::int64_t id) const {
    return !ItemLock(lock_dir(), id).owns();
}

std::vector<std::int64_t> UploadQueue::runnable(bool include_failed) const {
    std::vector<std::int64_t> ids;
    for (const QueueItem& item : store_.items()) {
        const bool wanted = item.state == ItemState::pending || item.state == ItemState::uploading ||
                            (include_failed && item.state == ItemState::failed);
        if (wanted && !busy_elsewhere(item.id)) ids.push_back(item.id);
    }
    return ids;
}

UploadResult UploadQueue::run(std::int64_t id, Progress& progress) {
    ItemLock lock(lock_dir(), id);
    if (!lock.owns()) throw Error(item_label(id) + " is being uploaded by another clipnote process");
    const std::optional<QueueItem> item = store_.item(id);
    if (!item) throw Error(item_label(id) + " is not in the queue");
    if (item->state == ItemState::done) throw Error(item_label(id) + " is already uploaded");

    store_.mark_uploading(id);
    try {
        std::error_code ec;
        const std::uint64_t size = fs::file_size(item->file, ec);
        if (ec) throw Error("cannot read " + item->file + ": " + ec.message());
        const DestinationConfig& destination_config = config_.find(item->destination);
        auto destination = make_destination(destination_config);
        std::string upload_id = item->upload_id;
        std::string object_id = item->object_id;
        if (object_id.empty()) {
            // Its key, chosen once and stored before any byte travels: every retry writes the
            // same object. An upload an older clipnote started (key without id) cannot go on.
            if (!upload_id.empty()) {
                try {
                    destination->abandon(fs::path(item->file).filename().string(), "", upload_id);
                } catch (const std::exception&) {
                    // an unfinished upload also expires by the bucket's lifecycle rules
                }
                store_.set_upload_id(id, "");
                upload_id.clear();
            }
            object_id = new_object_id();
            store_.set_object_id(id, object_id);
        }
        UploadRequest request;
        request.file = item->file;
        request.title = item->title;
        request.object_id = object_id;
        request.resume_upload_id = upload_id;
        request.on_upload_id = [&](const std::string& upload_id) { store_.set_upload_id(id, upload_id); };
        request.on_parts = [&](int done, int total) { store_.set_parts(id, done, total); };
        UploadResult result = destination->upload(request, progress);
        // Destinations return only once the server confirmed the object; check what they saw.
        if (result.bytes != 0 && result.bytes != size)
            throw Error("destination \"" + item->destination + "\": the server confirmed " +
                        std::to_string(result.bytes) + " bytes of " + item->file + ", which has " +
                        std::to_string(size));
        if (after_upload_) after_upload_(destination_config, *destination, request, result, progress);
        store_.mark_done(id, result.url, result.etag, size);
        if (!result.media_url.empty()) store_.set_media_link(item->history_id, result.media_url);
        remove_live_spool(item->file);
        return result;
    } catch (const UploadGoneError& e) {
        // The server forgot the resumable upload (aborted or expired): start afresh next time.
        store_.set_upload_id(id, "");
        store_.mark_failed(id, e.what());
        throw;
    } catch (const std::exception& e) {
        // Cancelled (the app quitting, Ctrl-C): not a failure; it stays runnable for the next start.
        if (!progress.cancel_token().cancelled()) store_.mark_failed(id, e.what());
        throw;
    }
}

void UploadQueue::cancel(std::int64_t id) {
    ItemLock lock(lock_dir(), id);
    if (!lock.owns()) throw Error(item_label(id) + " is being uploaded by another clipnote process right now");
    const std::optional<QueueItem> item = store_.item(id);
    if (!item) throw Error(item_label(id) + " is not in the queue");
    if (item->state == ItemState::done) throw Error(item_label(id) + " is already uploaded");
    if (!item->upload_id.empty()) {
        try {
            const DestinationConfig& destination_config = config_.find(item->destination);
        auto destination = make_destination(destination_config);
            destination->abandon(fs::path(item->file).filename().string(), item->object_id, item->upload_id);
        } catch (const std::exception&) {
            // Best effort: an unfinished upload also expires by the bucket's lifecycle rules.
        }
    }
    store_.cancel(id);
}

}  // namespace clipnote::upload
