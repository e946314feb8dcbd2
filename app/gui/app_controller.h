#pragma once
// The app's controller: what hotkeys, buttons and `clipnote toggle/react` ask for goes to the
// AppModel (app_model.h: the phase logic, pure), and the Commands it returns are carried out here:
// the core's Recorder (one, reused; it owns the pipeline threads), the finish steps, and
// background jobs (finish, export, upload, a destination test, History changes) one after another
// on its job thread. The window reads view() once per frame and never blocks on either.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <cstdint>
#include <functional>
#include <memory>
#include <atomic>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/gui/app_model.h"
#include "app/gui/hotkeys/desktop_shortcuts.h"
#include "app/gui/app_settings.h"
#include "app/gui/share_choice.h"
#include "app/share/live_upload.h"
#include "encode/clip_export.h"
#include "encode/recorder.h"
#include "upload/destination.h"
#include "upload/library/history_store.h"
#include "upload/library/recording_marker.h"

namespace clipnote::gui {

// Review back after a GIF that could not fit its size limit: the part, title and format to
// show again (the format the better of WebP and MP4). A new id each time.
struct ReviewOffer {
    std::uint64_t id = 0;
    std::string file;
    ShareChoice choice;
};

struct AppView {
    Phase phase = Phase::idle;
    bool reaction = false;            // the current run is a reaction GIF
    double countdown_left = 0;        // seconds, during the countdown
    RecorderSnapshot recorder;        // during recording/finishing
    ReviewClip review;                // in Phase::review
    std::string work_label;           // what the background job does ("Uploading", "Trimming"...); "" = none
    double work_fraction = -1;        // 0..1, or -1 when unknown
    std::string last_file, last_link, last_title;
    std::vector<std::string> messages;  // errors and notes, newest last
    std::string toast;                  // a short confirmation ("Link copied"), shown for a moment
    std::chrono::steady_clock::time_point toast_until;
    std::uint64_t history_version = 0;  // grows whenever History may have changed
    std::string live_upload;            // while recording: LiveUpload::progress_text(), "" = none
    ReviewOffer review_offer;           // the latest; Review shows it once, for its file
    bool cancel_armed = false;          // one more Cancel/Esc discards the recording
    std::chrono::steady_clock::time_point cancel_armed_until;
};

// Where an upload goes, fixed when it is asked for.
struct UploadTarget {
    std::string destination;  // "" = the config's default
    std::filesystem::path config_path;
};


class AppController {
public:
    // `wake` asks the window to redraw (called from any thread).
    AppController(AppSettings settings, std::function<void()> wake);
    ~AppController();

    // Recording.
    void toggle_recording();  // start a video update (after the countdown) or stop it
    void react();             // a reaction GIF: countdown, a few seconds, GIF, upload, clipboard
    void cancel();            // the countdown; a recording on a second call within 3 s (nothing kept)
    void pause_resume();

    // Review.
    void share(const ShareChoice& choice);
    void keep_without_sharing();  // the file stays, listed in History as recorded

    // History.
    void reupload(const upload::HistoryEntry& entry, const std::string& destination);
    void retry(const upload::HistoryEntry& entry);
    // Removes `entry` from History; the local file too when `delete_file`, and what it put on its
    // destination (video, page, poster) when `delete_remote` (first: if that fails, nothing goes).
    void remove(const upload::HistoryEntry& entry, bool delete_file, bool delete_remote);
    void test_destination(const std::string& name);
    // Writes the record/reaction keys into GNOME's custom shortcuts (on the job thread).
    void add_gnome_shortcuts(const std::vector<ManualBinding>& bindings);

    void add_message(const std::string& text);
    void dismiss_message(size_t index);
    void show_toast(const std::string& text);
    void history_changed();

    // Called on the window's thread just before a recording starts, with what it will record; the
    // window keeps its own controls out of the picture there. Returns true when it hid them: then
    // a notification says how to stop.
    void set_before_recording(std::function<bool(const RecordOptions&)> hook) { before_recording_ = std::move(hook); }

    // Advances the countdown and notices a finished recording; call once per frame.
    void tick();
    // How long the window may sleep before tick() has something to do (-1: until an event).
    int wait_hint_ms() const;

    AppView view() const;
    AppSettings& settings() { return settings_; }

private:
    // Carries out what the model asked for; call without mutex_ held.
    void execute(const Commands& commands);
    void start_recorder();
    void finish_recording();
    // Queues `job` for the job thread; jobs run one after another.
    void run_job(std::function<void()> job);
    void resume_queued_uploads();
    void job_loop();
    // The live upload if it is for `file` going to `destination` (then it is handed over); any
    // other live upload is abandoned (nothing left in the bucket) and nullptr returned.
    std::shared_ptr<share::LiveUpload> take_live_upload(const std::string& file, const std::string& destination);
    // `after_recorder`: first wait until the recorder has stopped (it writes into the upload's spool).
    void abandon_live_upload(bool after_recorder = false);
    // The link is on the clipboard and in the window; `pending` (why the object is not complete
    // yet) adds a message.
    void report_link(const std::string& url, const std::string& title, const std::string& file,
                     const std::string& pending);
    // Completes the live upload of `file`: only its tail is left. True when handled (shared, or
    // pending with its link out); false when it fell back to the queue item `*fallback_item`.
    bool finish_live_upload(share::LiveUpload& live, const std::string& file, const std::string& title,
                            double duration_s, std::int64_t* fallback_item);
    // `just_recorded`: `file` is the recording just made (or a part of it): its live upload, if
    // any, completes the object (the whole recording) or is abandoned (a trimmed part, a GIF).
    void upload_file(const std::string& file, const std::string& title, double duration_s, const UploadTarget& target,
                     std::int64_t replaces_history_id = 0, bool just_recorded = false);
    // Lists a recording that was not shared in History ("recorded"); false (and a message) if not.
    // Drops the placeholder when `file` is the recording it stands for (now listed its own way).
    void release_marker(const std::string& file);
    bool remember_unshared(const std::string& file, double duration_s);
    void set_work(const std::string& label, double fraction);
    // A GIF over its limit even at the smallest settings is not shared: the WebP is made to
    // measure it, and Review comes back with both sizes said and the better one chosen. False
    // when the app has moved on meanwhile (a new recording): the caller shares the GIF as made.
    bool offer_instead_of_gif(const ReviewClip& clip, const ShareChoice& choice, const ExportResult& gif,
                              const ExportOptions& options);
    // The file made for `choice` of `source` at `width` while offering it, if that is what is
    // shared now (then no longer kept here). Call with mutex_ held.
    std::optional<ExportResult> take_prepared(const std::string& source, const ShareChoice& choice, int width);
    // Removes the file made to be offered, if any: passed over (Don't share, quit).
    void drop_prepared();

    AppSettings settings_;
    std::function<bool(const RecordOptions&)> before_recording_;
    std::function<void()> wake_;
    mutable std::mutex mutex_;  // model_, view_, recording_, finisher_, marker_, prepared_
    AppModel model_;
    AppView view_;
    std::int64_t pressed_us_ = 0;  // when the current run was asked for (for CLIPNOTE_TRACE)
    bool traced_first_picture_ = false;
    Recorder recorder_;       // records again and again; the model knows whether it is running
    RecordOptions recording_;  // what recorder_ was last started with
    std::shared_ptr<RecordingFinisher> finisher_;  // the finish steps under way, if any
    // The WebP made while offering it in place of a GIF, until it is shared or passed over.
    struct Prepared {
        std::string source;
        ShareChoice choice;
        int width = 0;
        ExportResult made;
    };
    std::optional<Prepared> prepared_;
    // The last recording's placeholder in History, until it is listed (kept, queued) or discarded.
    std::unique_ptr<upload::RecordingMarker> marker_;
    // A video update to an S3 or WebDAV destination uploads while it records (app/share/live_upload.h);
    // live_file_ is the recording it is for (the finished MP4 once finished). Shared so that
    // a job can finish or abandon it off the window's thread.
    std::shared_ptr<share::LiveUpload> live_;
    std::string live_file_;
    std::mutex jobs_mutex_;
    std::condition_variable jobs_ready_;
    std::deque<std::function<void()>> jobs_;
    bool quitting_ = false;
    std::thread job_thread_;
    // Quitting does not wait for an upload: it is cancelled and stays queued, and the next start
    // resumes it (resume_queued_uploads).
    std::atomic<bool> leaving_{false};
    std::mutex upload_mutex_;
    upload::Progress* running_upload_ = nullptr;  // the upload the job thread runs now
    // Makes `progress` the one a quit cancels, for as long as it lives.
    class RunningUpload {
    public:
        RunningUpload(AppController& app, upload::Progress& progress);
        ~RunningUpload();
        RunningUpload(const RunningUpload&) = delete;
        RunningUpload& operator=(const RunningUpload&) = delete;

    private:
        AppController& app_;
    };
};

}  // namespace clipnote::gui
