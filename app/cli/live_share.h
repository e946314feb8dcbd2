#pragma once
// `clipnote record --upload` to an S3 or WebDAV destination: the upload runs while recording
// (app/share/live_upload.h does the work; this says on the terminal what happened). At stop the
// link is on the clipboard at once and only the tail is left to send.
#include <filesystem>
#include <memory>
#include <string>

#include "app/cli/share_recording.h"
#include "app/share/live_upload.h"
#include "encode/output_sink.h"

namespace clipnote::cli {

class LiveShare {
public:
    // When `options` asks to upload the MP4 `output` to an S3 or WebDAV destination: starts the
    // upload now, so a bucket or folder that cannot be written fails before anything is recorded (Error).
    // nullptr when it does not apply, or when the server cannot be reached now (said on stderr;
    // the recording is then uploaded after it, as without a live upload).
    static std::unique_ptr<LiveShare> start(const ShareOptions& options, const std::string& output);

    // For RecordOptions::sink: the local fragmented MP4 as always, plus the spool.
    SinkFactory sink_factory() { return live_->sink_factory(); }
    // Once the recording has started writing `recording`: queues it, so that if clipnote dies the
    // next `queue --retry` (or app start) completes the object with what was recorded. False
    // (said on stderr) when the queue cannot be written.
    bool track(const std::filesystem::path& recording);
    // At stop: the link goes to the clipboard now (the object follows within moments).
    void copy_link_now();
    // After the recording is finished locally: sends what is left, completes the object, lists it
    // in History and prints the link. Returns the exit code: 1 when the object could not be
    // completed (it stays queued; `clipnote queue --retry` completes it at the same link).
    int finish(const std::filesystem::path& recording, double duration_s);
    // The recording failed or was discarded: no object, no parts left in the bucket.
    void abandon() { live_->abandon(); }
    // For the status line: "  up " and LiveUpload::progress_text().
    std::string status() const;

private:
    LiveShare() = default;
    std::string title_for(const std::filesystem::path& recording) const;
    std::string link() const;  // the one the link format asks for (the page's or the video's)

    ShareOptions options_;
    std::unique_ptr<share::LiveUpload> live_;
};

}  // namespace clipnote::cli
