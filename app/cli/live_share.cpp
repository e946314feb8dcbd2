#include "app/cli/live_share.h"

#include <chrono>
#include <iostream>

#include "common/error.h"
#include "common/trace.h"
#include "encode/spooled_mp4_sink.h"
#include "upload/content_disposition.h"
#include "upload/desktop/clipboard.h"
#include "upload/desktop/link_format.h"
#include "upload/destination_factory.h"
#include "upload/library/history_store.h"
#include "upload/library/item_lock.h"
#include "upload/library/live_spool.h"
#include "upload/library/upload_queue.h"
#include "upload/object_key.h"
#include "upload/progress_text.h"
#include "upload/s3/s3_destination.h"
#include "upload/transport/http.h"

namespace fs = std::filesystem;

namespace clipnote::cli {

std::unique_ptr<LiveShare> LiveShare::start(const ShareOptions& options, const std::string& output) {
    if (options.upload == nullptr || options.upload->count() == 0) return nullptr;
    if (fs::path(output).extension() != ".mp4") return nullptr;  // a GIF is made after the recording
    upload::parse_link_format(options.choice.link_format);         // a bad option fails before recording
    std::unique_ptr<LiveShare> live(new LiveShare);
    live->options_ = options;
    live->config_ = upload::load_config_or_default(options.choice.config);
    const upload::DestinationConfig& chosen = live->config_.select(options.choice.to);
    if (chosen.kind != "s3") return nullptr;
    live->destination_ = chosen.name;

    const auto destination = upload::make_destination(chosen);
    const auto& s3 = dynamic_cast<const upload::S3Destination&>(*destination);
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
        // No network now: record anyway; the upload follows the recording, as without --upload live.
        std::cerr << "note: " << e.what() << "; uploading after the recording instead\n";
        return nullptr;
    }
    return live;
}

LiveShare::~LiveShare() {
    abandon();  // never finished (the recording did not start, say): nothing left in the bucket
    std::error_code ec;
    if (!spool_.empty()) upload::remove_live_spool(spool_);  // kept only for a queued retry (spool_ cleared then)
}

SinkFactory LiveShare::sink_factory() {
    return [this](const std::string& path, const AVCodecContext& video, const AVCodecContext* audio) {
        upload::LiveS3Upload* upload = upload_.get();
        return make_spooled_mp4_sink(
            path, spool_.string(), static_cast<std::int64_t>(upload->part_size()), video, audio,
            [upload](std::int64_t stable) { upload->grown(static_cast<std::uint64_t>(stable)); },
            [this](const std::string& error) {
                std::lock_guard lock(mutex_);
                spool_error_ = error;
            });
    };
}

bool LiveShare::track(const fs::path& recording) {
    try {
        upload::HistoryStore store;
        upload::UploadQueue queue(store, config_);
        const std::int64_t id = queue.enqueue(recording, destination_, options_.choice.title, 0);
        auto lock = std::make_unique<upload::ItemLock>(queue.lock_dir(), id);
        if (!lock->owns()) throw Error("queue item #" + std::to_string(id) + " is held by another clipnote");
        store.set_object_id(id, object_id_);
        store.set_upload_id(id, upload_->upload_id());
        item_id_ = id;
        item_lock_ = std::move(lock);
        return true;
    } catch (const std::exception& e) {
        std::cerr << "note: the upload is not queued while recording (" << e.what()
                  << "); if clipnote is killed, upload the recording with `clipnote upload`\n";
        return false;
    }
}

std::string LiveShare::title_for(const fs::path& recording) const {
    return options_.choice.title.empty() ? recording.filename().string() : options_.choice.title;
}

void LiveShare::copy_link_now() {
    trace_event("link-ready");  // bench/instant_link.sh: stop -> link
    if (options_.choice.no_clipboard) return;
    const auto format = upload::parse_link_format(options_.choice.link_format);
    const upload::ClipboardResult clip =
        upload::copy_to_clipboard(upload::format_link(format, link_, title_for(fs::path(spool_))));
    copied_ = clip.copied;
    std::cerr << (clip.copied ? "Link copied to the clipboard; sending the rest..." : "note: " + clip.note) << "\n";
}

int LiveShare::finish(const fs::path& recording, double duration_s) {
    const auto stopped = std::chrono::steady_clock::now();
    std::string spool_error;
    {
        std::lock_guard lock(mutex_);
        spool_error = spool_error_;
    }
    upload::HistoryStore store;
    upload::UploadQueue queue(store, config_);
    if (!spool_error.empty()) {
        // The spool was given up (disk full...): the finished recording goes up the usual way, to
        // the same key, so the link already on the clipboard still works.
        std::cerr << "note: the upload during the recording stopped (" << spool_error << "); uploading it now\n";
        try {
            upload_->abort();
        } catch (const std::exception&) {
            // its parts are freed by the bucket's lifecycle rules at worst; the object is what counts
        }
        upload_.reset();
        std::int64_t id = item_id_;
        if (id) {
            store.set_upload_id(id, "");  // aborted above
            store.set_item_file(id, recording, fs::file_size(recording));
            if (const auto item = store.item(id)) store.set_duration(item->history_id, duration_s);
            item_lock_.reset();  // the queue takes the item's lock itself
        } else {
            id = queue.enqueue(recording, destination_, options_.choice.title, duration_s);
        }
        store.set_object_id(id, object_id_);
        try {
            const upload::UploadResult r = run_queue_item(queue, id);
            std::cout << r.url << "\n" << std::flush;
            return 0;
        } catch (const std::exception& e) {
            std::cerr << "clipnote: destination \"" << destination_ << "\": " << e.what() << "; it stays queued as #"
                      << id << "; `clipnote queue --retry` will resume it\n";
            return 1;
        }
    }

    std::error_code ec;
    const std::uint64_t size = fs::file_size(spool_, ec);
    std::int64_t id = item_id_;
    std::unique_ptr<upload::ItemLock> lock = std::move(item_lock_);  // no other clipnote resumes it meanwhile
    if (id) {
        // The item made at the start now sends the spool: a retry resumes the parts already up.
        store.set_item_file(id, spool_, size);
        if (const auto item = store.item(id)) store.set_duration(item->history_id, duration_s);
    } else {
        id = queue.enqueue(spool_, destination_, options_.choice.title, duration_s);
        store.set_object_id(id, object_id_);
        store.set_upload_id(id, upload_->upload_id());
        lock = std::make_unique<upload::ItemLock>(queue.lock_dir(), id);
    }
    store.mark_uploading(id);
    try {
        upload::Progress progress;
        const std::string etag = upload_->finish(size, progress);
        trace_event("object-complete");
        store.mark_done(id, link_, etag, size);
        if (const auto item = store.item(id))
            store.update_entry(item->history_id, upload::stored_path(recording).string(), "uploaded",
                               fs::file_size(recording, ec));
    } catch (const std::exception& e) {
        store.mark_pending(id, e.what(), link_);
        std::cerr << "clipnote: destination \"" << destination_ << "\": " << e.what() << "; it stays queued as #" << id
                  << "; `clipnote queue --retry` will complete it at the same link (pending until then)\n";
        std::cout << link_ << "\n" << std::flush;  // already on the clipboard: the same link works once completed
        upload_.reset();  // the multipart upload stays open and the spool stays, for the retry
        spool_.clear();
        return 1;
    }
    upload_.reset();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - stopped).count();
    std::cerr << "Uploaded " << recording.filename().string() << " (" << upload::format_size(size) << ") to "
              << destination_ << " while recording; the rest took " << static_cast<int>(seconds * 10) / 10.0
              << " s after the recording was saved\n";
    std::cout << link_ << "\n" << std::flush;
    return 0;
}

std::string LiveShare::status() const {
    if (!upload_) return "";
    // Sent of what is ready to send (whole parts): equal while the uplink keeps up.
    std::string text = "  up " + upload::format_size(upload_->bytes_sent()) + " of " +
                       upload::format_size(upload_->bytes_ready()) + " sent";
    const std::string error = upload_->last_error();
    if (!error.empty()) text += " (waiting: " + error.substr(0, 60) + ")";
    return text;
}

void LiveShare::abandon() {
    if (!upload_) return;
    try {
        upload_->abort();
    } catch (const std::exception& e) {
        std::cerr << "note: the upload begun during the recording could not be aborted: " << e.what() << "\n";
    }
    upload_.reset();
    if (item_id_) {
        // Not shared after all: the recording (if kept) is listed the way the shell lists it.
        try {
            upload::HistoryStore store;
            if (const auto item = store.item(item_id_)) store.remove_history(item->history_id);
        } catch (const std::exception& e) {
            std::cerr << "note: " << e.what() << "\n";
        }
        item_lock_.reset();
        item_id_ = 0;
    }
}

}  // namespace clipnote::cli
