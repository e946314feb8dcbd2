#pragma once
// `clipnote record --upload` to an S3 destination: the upload runs while recording (layout and
// reasons: docs/INSTANT_LINK_LAYOUT.md). The object key, and so the link, are fixed at start; the
// recording's packets also go to a spool (a progressive MP4 with one mdat per part, moov at the end)
// whose whole parts go up as it grows (upload/s3/live_upload.h); at stop the link is on the
// clipboard at once and only the tail is left to send.
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "app/cli/share_recording.h"
#include "encode/output_sink.h"
#include "upload/config.h"
#include "upload/library/item_lock.h"
#include "upload/s3/live_upload.h"

namespace clipnote::cli {

class LiveShare {
public:
    // When `options` asks to upload the MP4 `output` to an S3 destination: starts the multipart
    // upload now, so a bucket that cannot be written fails before anything is recorded (Error).
    // nullptr when it does not apply, or when the server cannot be reached now (said on stderr;
    // the recording is then uploaded after it, as without a live upload).
    static std::unique_ptr<LiveShare> start(const ShareOptions& options, const std::string& output);
    ~LiveShare();

    // For RecordOptions::sink: the local fragmented MP4 as always, plus the spool.
    SinkFactory sink_factory();
    // Once the recording has started writing `recording`: queues it, with the object's key and the
    // multipart upload, locked while this process lives. If the process dies (kill -9, power loss)
    // the next `clipnote queue --retry` or app start finds the item free and uploads the recording
    // (the local fragmented file, playable up to its last second) to the same key, reusing the
    // upload: the object is completed and the bucket keeps no orphaned parts. False (said on
    // stderr) when the queue cannot be written; the live upload goes on without that safety net.
    bool track(const std::filesystem::path& recording);
    // At stop: the link goes to the clipboard now (the object follows within moments).
    void copy_link_now();
    // After the recording is finished locally: sends what is left, completes the object, lists it
    // in History and prints the link. Returns the exit code: 1 when the object could not be
    // completed (it stays queued; `clipnote queue --retry` completes it at the same link).
    int finish(const std::filesystem::path& recording, double duration_s);
    // The recording failed or was discarded: no object, no parts left in the bucket.
    void abandon();
    // For the status line: "  up 10.5 MB of 15.7 MB sent" (whole parts on the server, of those
    // ready), and why the last part failed while the network is away.
    std::string status() const;

private:
    LiveShare() = default;
    std::string title_for(const std::filesystem::path& recording) const;

    ShareOptions options_;
    upload::Config config_;
    std::string destination_;
    std::string object_id_, link_;
    std::filesystem::path spool_;
    std::unique_ptr<upload::LiveS3Upload> upload_;
    std::int64_t item_id_ = 0;                // the queue item track() made
    std::unique_ptr<upload::ItemLock> item_lock_;
    mutable std::mutex mutex_;
    std::string spool_error_;  // set by the sink when the spool was given up
    bool copied_ = false;
};

}  // namespace clipnote::cli
