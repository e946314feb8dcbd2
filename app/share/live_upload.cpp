#include "app/share/live_upload.h"

#include "common/error.h"
#include "common/trace.h"
#include "encode/spooled_mp4_sink.h"
#include "upload/content_disposition.h"
#include "upload/destination_factory.h"
#include "upload/library/history_store.h"
#include "upload/library/live_spool.h"
#include "upload/library/upload_queue.h"
#include "upload/object_key.h"
#include "upload/progress_text.h"
#include "upload/s3/s3_destination.h"
#include "upload/transport/http.h"

namespace fs = std::filesystem;

namespace clipnote::share {

std::unique_ptr<LiveUpload> LiveUpload::start(const upload::Config& config, const std::string& destination,
                                              const std::string& output, std::string& note) {
    if (fs::path(output).extension() != ".mp4") return nullptr;  // a GIF is made after the recording
    const upload::DestinationConfig& chosen = config.select(destination);
    if (chosen.kind != "s3") return nullptr;
    std::unique_ptr<LiveUpload> live(new LiveUpload);
    live->config_ = config;
    live->destination_ = chosen.name;

    const auto made = upload::make_destination(chosen);
    const auto& s3 = dynamic_cast<const upload::S3Destination&>(*made);
    const std::string name = fs::path(output).filename().string();
    live->object_id_ = upload::new_object_id();
    const std::string key = s3.key_for(name, live->object_id_);
    live->link_ = s3.link_for(key);
    upload::ObjectHeaders headers;
    headers.content_type = "video/mp4";
    headers.content_disposition = upload::content_disposition(key.substr(key.rfind('/') + 1));
    live->spool_ = upload::live_spool_path(output);
    fs::create_directories(live->spool_.parent_path());
    try {
        live->upload_ = std::make_unique<upload::LiveS3Upload>(s3.client(), chosen.network, key, headers, live->spool_,
                                                               upload::LiveS3Upload::kMinPartSize);
    } catch (const upload::TransferError& e) {
        // No network now: record anyway; the upload follows the recording.
        note = std::string(e.what()) + "; uploading after the recording instead";
        live->spool_.clear();
        return nullptr;
    }
    return live;
}

LiveUpload::~LiveUpload() {
    abandon();  // never finished (the recording did not start, say): nothing left in the bucket
    if (!spool_.empty()) upload::remove_live_spool(spool_);  // kept only for a queued retry (spool_ cleared then)
}

SinkFactory LiveUpload::sink_factory() {
    return [this](const std::string& path, const AVCodecContext& video, const AVCodecContext* audio) {
        upload::LiveS3Upload* upload = upload_.get();
        return make_spooled_mp4_sink(
            path, spool_.string(), static_cast<std::int64_t>(upload->part_size()), video, audio,
            [upload](std::int64_t final_bytes) { upload->grown(static_cast<std::uint64_t>(final_bytes)); },
            [this](const std::string& error) {
                std::lock_guard lock(mutex_);
                spool_error_ = error;
            });
    };
}

std::string LiveUpload::track(const fs::path& recording, const std::string& title) {
    try {
        upload::HistoryStore store;
        upload::UploadQueue queue(store, config_);
        const std::int64_t id = queue.enqueue(recording, destination_, title, 0);
        auto lock = std::make_unique<upload::ItemLock>(queue.lock_dir(), id);
        if (!lock->owns()) throw Error("queue item #" + std::to_string(id) + " is held by another clipnote");
        store.set_object_id(id, object_id_);
        store.set_upload_id(id, upload_->upload_id());
        item_id_ = id;
        item_lock_ = std::move(lock);
        return "";
    } catch (const std::exception& e) {
        return std::string("the upload is not queued while recording (") + e.what() +
               "); if clipnote is killed, upload the recording with `clipnote upload`";
    }
}

LiveUpload::Finished LiveUpload::finish(const fs::path& recording, double duration_s, upload::Progress& progress) {
    std::string spool_error;
    {
        std::lock_guard lock(mutex_);
        spool_error = spool_error_;
    }
    upload::HistoryStore store;
    upload::UploadQueue queue(store, config_);
    Finished result;
    std::error_code ec;
    // The item track() made now uploads `file`, for a recording of duration_s.
    auto point_item_at = [&](const fs::path& file, std::uint64_t bytes) {
        store.set_item_file(item_id_, file, bytes);
        if (const auto item = store.item(item_id_)) store.set_duration(item->history_id, duration_s);
    };
    if (!spool_error.empty()) {
        // The spool was given up (disk full...): the finished recording goes up the usual way, to
        // the same key, so the link already handed out still works.
        try {
            upload_->abort();
        } catch (const std::exception&) {
            // its parts are freed by the bucket's lifecycle rules at worst; the object is what counts
        }
        upload_.reset();
        std::int64_t id = item_id_;
        if (id) {
            store.set_upload_id(id, "");  // aborted above
            point_item_at(recording, fs::file_size(recording, ec));
            item_lock_.reset();  // the queue takes the item's lock itself
        } else {
            id = queue.enqueue(recording, destination_, "", duration_s);
        }
        store.set_object_id(id, object_id_);
        result.outcome = Finished::fell_back;
        result.item_id = id;
        result.error = spool_error;
        return result;
    }

    const std::uint64_t size = fs::file_size(spool_, ec);
    std::int64_t id = item_id_;
    std::unique_ptr<upload::ItemLock> lock = std::move(item_lock_);  // no other clipnote resumes it meanwhile
    if (id) {
        // The item made at the start now sends the spool: a retry resumes the parts already up.
        point_item_at(spool_, size);
    } else {
        id = queue.enqueue(spool_, destination_, "", duration_s);
        store.set_object_id(id, object_id_);
        store.set_upload_id(id, upload_->upload_id());
        lock = std::make_unique<upload::ItemLock>(queue.lock_dir(), id);
    }
    result.item_id = id;
    store.mark_uploading(id);
    try {
        const std::string etag = upload_->finish(size, progress);
        trace_event("object-complete");  // bench/instant_link.sh: stop -> object complete
        store.mark_done(id, link_, etag, size);
        if (const auto item = store.item(id))
            store.update_entry(item->history_id, upload::stored_path(recording).string(), "uploaded",
                               fs::file_size(recording, ec));
        result.bytes = size;
        result.parts_at_stop = upload_->parts_left_at_finish();
    } catch (const std::exception& e) {
        store.mark_pending(id, e.what(), link_);
        upload_.reset();  // the multipart upload stays open and the spool stays, for the retry
        spool_.clear();
        result.outcome = Finished::pending;
        result.error = e.what();
        return result;
    }
    upload_.reset();
    item_id_ = 0;
    return result;
}

std::string LiveUpload::progress_text() const {
    if (!upload_) return "";
    std::string text = upload::format_size(upload_->bytes_sent()) + " of " + upload::format_size(upload_->bytes_ready()) +
                       " sent";
    const std::string error = upload_->last_error();
    if (!error.empty()) text += " (waiting: " + error.substr(0, 60) + ")";
    return text;
}

void LiveUpload::abandon() {
    if (!upload_) return;
    try {
        upload_->abort();
    } catch (const std::exception&) {
        // An unfinished upload also expires by the bucket's lifecycle rules.
    }
    upload_.reset();
    if (item_id_) {
        // Not shared after all: the recording (if kept) is listed the way the shell lists it.
        try {
            upload::HistoryStore store;
            if (const auto item = store.item(item_id_)) store.remove_history(item->history_id);
        } catch (const std::exception&) {
            // a stale item fails later with the upload gone, and History can remove it
        }
        item_lock_.reset();
        item_id_ = 0;
    }
}

}  // namespace clipnote::share
