#include "app/share/live_upload.h"

#include "app/share/publish_page.h"
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
#include "upload/share_page/share_page.h"
#include "upload/s3/live_upload.h"
#include "upload/s3/s3_destination.h"
#include "upload/transport/http.h"
#include "upload/webdav/live_upload.h"
#include "upload/webdav/webdav_destination.h"
#include "upload/webdav/webdav_session.h"

namespace fs = std::filesystem;

namespace clipnote::share {

namespace {

// A streamed upload (WebDAV) closes a part at 4 MiB or after 5 s: bytes keep flowing to the server
// (which drops a body that stalls for about a minute), and a 60 s recording makes about a dozen
// mdat boxes (each one range request for a browser before it plays).
constexpr std::int64_t kStreamPartSize = 4 << 20;
constexpr std::chrono::seconds kStreamPartMaxOpen{5};

}  // namespace

std::unique_ptr<LiveUpload> LiveUpload::start(const upload::Config& config, const std::string& destination,
                                              const std::string& output, std::string& note) {
    if (fs::path(output).extension() != ".mp4") return nullptr;  // a GIF is made after the recording
    const upload::DestinationConfig& chosen = config.select(destination);
    if (chosen.kind != "s3" && chosen.kind != "webdav") return nullptr;
    std::unique_ptr<LiveUpload> live(new LiveUpload);
    live->config_ = config;
    live->destination_ = chosen.name;

    const auto made = upload::make_destination(chosen);
    const std::string name = fs::path(output).filename().string();
    live->object_id_ = upload::new_object_id();
    live->video_name_ = name;
    live->spool_ = upload::live_spool_path(output);
    fs::create_directories(live->spool_.parent_path());
    try {
        if (const auto* s3 = dynamic_cast<const upload::S3Destination*>(made.get())) {
            const std::string key = s3->key_for(name, live->object_id_);
            live->video_link_ = s3->link_for(key);
            if (chosen.share_page) live->link_ = s3->link_for(s3->key_for(beside(name, upload::kSharePageName), live->object_id_));
            upload::ObjectHeaders headers;
            headers.content_type = "video/mp4";
            headers.content_disposition = upload::content_disposition(key.substr(key.rfind('/') + 1));
            live->upload_ = std::make_unique<upload::LiveS3Upload>(s3->client(), chosen.network, key, headers,
                                                                   live->spool_, upload::LiveS3Upload::kMinPartSize);
        } else {
            const auto& dav = dynamic_cast<const upload::WebdavDestination&>(*made);
            const std::string path = dav.path_for(name, live->object_id_);
            live->video_link_ = upload::webdav_link(dav.settings(), path);
            if (chosen.share_page)
                live->link_ = upload::webdav_link(dav.settings(), dav.path_for(beside(name, upload::kSharePageName), live->object_id_));
            live->upload_ = std::make_unique<upload::LiveWebdavUpload>(chosen.name, dav.settings(), dav.network(),
                                                                       dav.password(), path, live->spool_);
        }
        if (live->link_.empty()) live->link_ = live->video_link_;
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
        upload::LiveObjectUpload* upload = upload_.get();
        const auto part = static_cast<std::int64_t>(upload->uniform_part_size());
        const SpoolLayout layout =
            part > 0 ? SpoolLayout::uniform_parts(part) : SpoolLayout::compact_parts(kStreamPartSize, kStreamPartMaxOpen);
        return make_spooled_mp4_sink(
            path, spool_.string(), layout, video, audio,
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
        store.set_upload_id(id, upload_->resume_id());
        item_id_ = id;
        item_lock_ = std::move(lock);
        return "";
    } catch (const std::exception& e) {
        return std::string("the upload is not queued while recording (") + e.what() +
               "); if clipnote is killed, upload the recording with `clipnote upload`";
    }
}

LiveUpload::Finished LiveUpload::fall_back(upload::HistoryStore& store, const fs::path& recording, double duration_s,
                                           const std::string& why) {
    // The finished recording goes up the usual way, to the same key, so the link already handed
    // out still works.
    try {
        upload_->abort();
    } catch (const std::exception&) {
        // S3's parts are freed by the bucket's lifecycle rules at worst; the object is what counts
    }
    upload_.reset();
    std::error_code ec;
    std::int64_t id = item_id_;
    if (id) {
        store.set_upload_id(id, "");  // aborted above
        store.set_item_file(id, recording, fs::file_size(recording, ec));
    } else {
        upload::UploadQueue queue(store, config_);
        id = queue.enqueue(recording, destination_, "", duration_s);
    }
    store.set_object_id(id, object_id_);
    if (const auto item = store.item(id)) {
        store.set_duration(item->history_id, duration_s);
        store.set_note(item->history_id, "sent after the recording: " + why);
    }
    item_lock_.reset();  // the queue takes the item's lock itself
    item_id_ = 0;
    Finished result;
    result.outcome = Finished::fell_back;
    result.item_id = id;
    result.error = why;
    return result;
}

LiveUpload::Finished LiveUpload::finish(const fs::path& recording, double duration_s, upload::Progress& progress) {
    std::string spool_error;
    {
        std::lock_guard lock(mutex_);
        spool_error = spool_error_;
    }
    upload::HistoryStore store;
    if (!spool_error.empty()) return fall_back(store, recording, duration_s, spool_error);  // disk full...

    upload::UploadQueue queue(store, config_);
    std::error_code ec;
    const std::uint64_t size = fs::file_size(spool_, ec);
    std::int64_t id = item_id_;
    if (id) {
        // The item made at the start now sends the spool: a retry resumes what is already up.
        store.set_item_file(id, spool_, size);
    } else {
        id = queue.enqueue(spool_, destination_, "", duration_s);
        store.set_object_id(id, object_id_);
        store.set_upload_id(id, upload_->resume_id());
        item_id_ = id;
        item_lock_ = std::make_unique<upload::ItemLock>(queue.lock_dir(), id);  // no other clipnote resumes it
    }
    const auto item = store.item(id);
    const std::int64_t history_id = item ? item->history_id : 0;
    store.set_duration(history_id, duration_s);
    store.mark_uploading(id);
    Finished result;
    result.item_id = id;
    try {
        const std::string etag = upload_->finish(size, progress);
        trace_event("object-complete");  // bench/instant_link.sh: stop -> object complete
        if (!media_link().empty()) {
            publish_page(recording, progress);
            trace_event("page-complete");  // bench/instant_link.sh: stop -> the page (poster, index.html) is up
        }
        store.mark_done(id, link_, etag, size);
        store.set_media_link(history_id, media_link());
        store.update_entry(history_id, upload::stored_path(recording).string(), "uploaded", fs::file_size(recording, ec));
        store.set_note(history_id, "sent while recording");
        result.bytes = size;
        result.bytes_at_stop = upload_->bytes_left_at_finish();
        result.parts_at_stop = upload_->parts_left_at_finish();
    } catch (const std::exception& e) {
        // A stream that broke starts over with the whole recording (WebDAV); S3's multipart upload
        // stays open, with the spool, for the queue to resume.
        if (upload_->resume_id().empty()) return fall_back(store, recording, duration_s, e.what());
        store.mark_pending(id, e.what(), link_);
        upload_.reset();
        spool_.clear();
        item_lock_.reset();
        item_id_ = 0;
        result.outcome = Finished::pending;
        result.error = e.what();
        return result;
    }
    upload_.reset();
    item_lock_.reset();
    item_id_ = 0;
    return result;
}

void LiveUpload::publish_page(const fs::path& recording, upload::Progress& progress) {
    const upload::DestinationConfig& chosen = config_.find(destination_);
    const auto destination = upload::make_destination(chosen);
    upload::UploadRequest request;
    request.file = recording;
    request.remote_name = video_name_;
    request.object_id = object_id_;
    upload::UploadResult video;
    video.url = video_link_;
    publish_share_page(*destination, request, video, progress);
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
