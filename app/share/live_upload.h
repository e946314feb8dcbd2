#pragma once
// An upload that runs while recording, for both shells (the CLI's `record --upload`, the app's
// video updates): the object key, and so the link, are fixed at start; the recording's packets
// also go to a spool (a progressive MP4 with one mdat per part, encode/spooled_mp4_sink.h) whose
// whole parts go up as it grows: to S3 as multipart parts (upload/s3/live_upload.h), to WebDAV as
// one chunked PUT (upload/webdav/live_upload.h); at stop only the tail is left to send. Layout and
// reasons: docs/INSTANT_LINK_LAYOUT.md. S3 and WebDAV destinations, MP4 recordings only (a GIF is
// made after the recording).
//
// The upload is a queue item from the recording's first second (track()), locked while this
// process lives: after a crash the queue uploads the recording to the same key. Nothing here
// prints; the shells say what happened their own way.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "encode/output_sink.h"
#include "upload/config.h"
#include "upload/library/history_store.h"
#include "upload/library/item_lock.h"
#include "upload/destination.h"
#include "upload/live_object_upload.h"

namespace clipnote::share {

class LiveUpload {
public:
    // For the MP4 `output` going to `destination` (a name in `config`; "" = its default). nullptr
    // when that is not an S3 or WebDAV destination or not an MP4, or when the server cannot be reached now
    // (`note` then says so: the recording is uploaded after it instead). Throws Error when the
    // server refuses (a bucket that cannot be written): before anything is recorded.
    static std::unique_ptr<LiveUpload> start(const upload::Config& config, const std::string& destination,
                                             const std::string& output, std::string& note);
    // Not finished: abandon() (nothing left in the bucket).
    ~LiveUpload();
    LiveUpload(const LiveUpload&) = delete;
    LiveUpload& operator=(const LiveUpload&) = delete;

    // For RecordOptions::sink: the local fragmented MP4 as always, plus the spool.
    SinkFactory sink_factory();
    // Once the recording is being written to `recording`: queues it with the object's key and the
    // multipart upload, locked while this process lives. If the process dies, the next queue run
    // (`clipnote queue --retry`, the app's start) uploads the recording (fragmented, playable up
    // to its last second) to the same key, completing the upload begun here. Returns "" or, when
    // the queue cannot be written, a note (the live upload goes on without that safety net).
    std::string track(const std::filesystem::path& recording, const std::string& title);
    bool tracked() const { return item_id_ != 0; }

    struct Finished {
        enum Outcome {
            complete,   // the object is complete at link(); History lists the recording as uploaded
            pending,    // the object could not be completed: queued as item_id, History "pending"
            fell_back,  // the spool or the stream was given up (error): item_id uploads the recording whole
        } outcome = complete;
        std::int64_t item_id = 0;
        std::uint64_t bytes = 0;          // the object's size (complete)
        std::uint64_t bytes_at_stop = 0;  // still to send when the recording was done (complete)
        int parts_at_stop = 0;            // of those, in parts (complete, S3)
        std::string error;        // pending: why; fell_back: why the spool stopped
    };
    // After the recording is finished locally (`recording`, `duration_s` long): sends what is left
    // and completes the object. For fell_back the caller runs item_id through the queue.
    Finished finish(const std::filesystem::path& recording, double duration_s, upload::Progress& progress);
    // The recording failed or was discarded: no object, no parts left in the bucket, no queue item.
    void abandon();

    const std::string& link() const { return link_; }
    // The video's own link when link() is its share page, else "".
    std::string media_link() const { return link_ != video_link_ ? video_link_ : std::string(); }
    const std::string& destination() const { return destination_; }
    const std::filesystem::path& spool() const { return spool_; }
    std::uint64_t bytes_sent() const { return upload_ ? upload_->bytes_sent() : 0; }
    std::uint64_t bytes_ready() const { return upload_ ? upload_->bytes_ready() : 0; }
    // Why the last part failed while recording ("" when the last one went up).
    std::string last_error() const { return upload_ ? upload_->last_error() : ""; }
    // "10.5 MB of 15.7 MB sent": whole parts on the server of those ready (equal while the uplink
    // keeps up), then " (waiting: why)" while the network is away. "" once finished.
    std::string progress_text() const;

private:
    LiveUpload() = default;
    // The upload while recording is given up (`why`): the queue item uploads the finished
    // recording instead, to the same key.
    Finished fall_back(upload::HistoryStore& store, const std::filesystem::path& recording, double duration_s,
                       const std::string& why);
    // The poster and the share page beside the completed video (the link given at stop). Throws.
    void publish_page(const std::filesystem::path& recording, upload::Progress& progress);

    upload::Config config_;
    std::string destination_;
    std::string object_id_;
    std::string video_name_;  // the name the video goes up under (in the object id's folder)
    std::string link_;        // what is shared: the share page's link, or the video's without one
    std::string video_link_;
    std::filesystem::path spool_;
    std::unique_ptr<upload::LiveObjectUpload> upload_;
    std::int64_t item_id_ = 0;  // the queue item track() made
    std::unique_ptr<upload::ItemLock> item_lock_;
    mutable std::mutex mutex_;
    std::string spool_error_;  // set by the sink when the spool was given up
};

}  // namespace clipnote::share
