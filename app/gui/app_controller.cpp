#include "app/gui/app_controller.h"

#include <libnotify/notify.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "app/gui/gif_fallback.h"
#include "app/gui/gif_size_presets.h"
#include "app/gui/recording_options.h"
#include "app/share/publish_page.h"
#include "common/clock.h"
#include "common/error.h"
#include "common/trace.h"
#include "encode/clip_export.h"
#include "upload/config.h"
#include "upload/desktop/clipboard.h"
#include "upload/desktop/link_format.h"
#include "upload/destination_factory.h"
#include "upload/library/history_store.h"
#include "upload/library/remote_removal.h"
#include "upload/library/upload_queue.h"
#include "upload/probe.h"

namespace clipnote::gui {

namespace fs = std::filesystem;

namespace {

void desktop_notification(const std::string& title, const std::string& body) {
    // Best effort: without a notification daemon (a bare X server) this quietly does nothing.
    if (!notify_is_initted() && !notify_init("clipnote")) return;
    NotifyNotification* n = notify_notification_new(title.c_str(), body.c_str(), "video-x-generic");
    notify_notification_show(n, nullptr);
    g_object_unref(G_OBJECT(n));
}

class FractionProgress : public upload::Progress {
public:
    explicit FractionProgress(std::function<void(double)> report) : report_(std::move(report)) {}
    void on_bytes(std::uint64_t done, std::uint64_t total) override {
        if (total) report_(double(done) / double(total));
    }

private:
    std::function<void(double)> report_;
};

}  // namespace

AppController::AppController(AppSettings settings, std::function<void()> wake)
    : settings_(std::move(settings)), wake_(std::move(wake)) {
    model_.set_settings({settings_.countdown_seconds, settings_.review});
    recorder_.on_state_change(wake_);
    job_thread_ = std::thread([this] { job_loop(); });
    run_job([this] {
        // Recordings a crash or kill -9 cut short are listed before anything else happens.
        try {
            upload::HistoryStore store;
            if (upload::recover_interrupted_recordings(store) > 0) {
                trace_event("recovered-recordings");
                history_changed();
            }
        } catch (const std::exception& e) {
            add_message(e.what());
        }
        resume_queued_uploads();
    });
}

AppController::~AppController() {
    // An upload in progress stops now and stays queued for the next start.
    leaving_ = true;
    {
        std::lock_guard lock(upload_mutex_);
        if (running_upload_) running_upload_->cancel_token().cancel();
    }
    // Quitting (the window closed, SIGTERM at logout) keeps what was recorded: stop cleanly,
    // finish the file and list it in History, like "Don't share".
    Commands last;
    {
        std::lock_guard lock(mutex_);
        last = model_.quitting();
    }
    drop_prepared();
    for (const Command& c : last) {
        if (c.kind == Command::keep_unshared || c.kind == Command::list_in_history) remember_unshared(c.file, c.duration_s);
        if (c.kind != Command::stop_recorder) continue;
        recorder_.stop();
        const RecorderSnapshot r = recorder_.wait();
        if (!r.output.empty()) {  // done, or failed (the display went away) with what was recorded kept
            const FinishResult f = RecordingFinisher(finish_job(recording_, r)).run();
            remember_unshared(f.file, r.elapsed_s);
            if (!f.kept_recording.empty()) remember_unshared(f.kept_recording, r.elapsed_s);  // the GIF did not fit
        }
    }
    {
        std::lock_guard lock(jobs_mutex_);
        quitting_ = true;
    }
    jobs_ready_.notify_all();
    job_thread_.join();
}

void AppController::run_job(std::function<void()> job) {
    {
        std::lock_guard lock(jobs_mutex_);
        jobs_.push_back(std::move(job));
    }
    jobs_ready_.notify_all();
}

void AppController::job_loop() {
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock lock(jobs_mutex_);
            jobs_ready_.wait(lock, [&] { return quitting_ || !jobs_.empty(); });
            if (jobs_.empty()) return;  // quitting with nothing left (an upload left half-way resumes next time)
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        try {
            job();
        } catch (const std::exception& e) {
            add_message(e.what());
        }
        set_work("", -1);
    }
}

void AppController::set_work(const std::string& label, double fraction) {
    {
        std::lock_guard lock(mutex_);
        view_.work_label = label;
        view_.work_fraction = fraction;
    }
    wake_();
}

void AppController::add_message(const std::string& text) {
    std::fprintf(stderr, "clipnote: %s\n", text.c_str());  // also for a terminal or the journal
    {
        std::lock_guard lock(mutex_);
        view_.messages.push_back(text);
    }
    wake_();
}

void AppController::dismiss_message(size_t index) {
    std::lock_guard lock(mutex_);
    if (index < view_.messages.size()) view_.messages.erase(view_.messages.begin() + long(index));
}

void AppController::show_toast(const std::string& text) {
    {
        std::lock_guard lock(mutex_);
        view_.toast = text;
        view_.toast_until = std::chrono::steady_clock::now() + std::chrono::milliseconds(2500);
    }
    wake_();
}

void AppController::history_changed() {
    {
        std::lock_guard lock(mutex_);
        ++view_.history_version;
    }
    wake_();
}

AppView AppController::view() const {
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(mutex_);
    AppView v = view_;
    v.phase = model_.phase();
    v.reaction = model_.reaction();
    v.review = model_.review();
    v.countdown_left = model_.countdown_left_s(now);
    v.cancel_armed = model_.cancel_armed(now);
    if (model_.recorder_running() || v.phase == Phase::recording || v.phase == Phase::finishing) {
        v.recorder = recorder_.snapshot();
        if (live_) v.live_upload = live_->progress_text();
    }
    if (now >= v.toast_until) v.toast.clear();
    return v;
}

int AppController::wait_hint_ms() const {
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(mutex_);
    int hint = model_.wait_hint_ms(now);
    if (!view_.toast.empty() && now < view_.toast_until) {
        const int toast_ms = int(std::chrono::duration_cast<std::chrono::milliseconds>(view_.toast_until - now).count()) + 1;
        hint = hint < 0 ? toast_ms : std::min(hint, toast_ms);
    }
    return hint;
}

void AppController::toggle_recording() {
    Commands c;
    {
        std::lock_guard lock(mutex_);
        const bool starting = model_.phase() == Phase::idle;
        c = model_.record_pressed(std::chrono::steady_clock::now());
        if (starting && model_.phase() == Phase::countdown) {
            pressed_us_ = monotonic_us();
            trace_event("press", pressed_us_);
            traced_first_picture_ = false;
        }
    }
    execute(c);
    wake_();
}

void AppController::react() {
    Commands c;
    {
        std::lock_guard lock(mutex_);
        const bool starting = model_.phase() == Phase::idle;
        c = model_.react_pressed(std::chrono::steady_clock::now());
        if (starting && model_.phase() == Phase::countdown) {
            pressed_us_ = monotonic_us();
            trace_event("press", pressed_us_);
            traced_first_picture_ = false;
        }
    }
    execute(c);
    wake_();
}

void AppController::cancel() {
    Commands c;
    {
        std::lock_guard lock(mutex_);
        const auto now = std::chrono::steady_clock::now();
        c = model_.cancel_pressed(now);
        if (model_.cancel_armed(now)) trace_event("cancel-armed");  // a first press: kept, for now
    }
    execute(c);
}

void AppController::pause_resume() {
    Commands c;
    {
        std::lock_guard lock(mutex_);
        c = model_.pause_pressed();
    }
    execute(c);
}

void AppController::tick() {
    Commands c;
    {
        std::lock_guard lock(mutex_);
        c = model_.tick(std::chrono::steady_clock::now());
    }
    execute(c);
    bool running;
    {
        std::lock_guard lock(mutex_);
        running = model_.recorder_running();
    }
    if (!running) return;
    const RecorderSnapshot s = recorder_.snapshot();
    if (!traced_first_picture_ && s.first_picture_us) {
        traced_first_picture_ = true;
        trace_event("first-picture", s.first_picture_us);
    }
    {
        std::lock_guard lock(mutex_);
        c = model_.recorder_changed(s);
    }
    if (s.state == RecorderState::idle) {
        trace_event("discarded");  // cancelled: the file is gone
        std::lock_guard lock(mutex_);
        marker_.reset();
    }
    execute(c);
}

void AppController::execute(const Commands& commands) {
    for (const Command& c : commands) {
        switch (c.kind) {
            case Command::start_recorder: start_recorder(); break;
            case Command::stop_recorder: recorder_.stop(); break;
            case Command::cancel_recorder:
                recorder_.cancel();
                // Discarded: nothing left in the bucket, once the recorder has stopped writing
                // into the upload's spool (its sink calls the upload until then).
                abandon_live_upload(/*after_recorder=*/true);
                break;
            case Command::pause_recorder: recorder_.pause(); break;
            case Command::resume_recorder: recorder_.resume(); break;
            case Command::finish_recording: finish_recording(); break;
            case Command::cancel_finishing: {
                std::lock_guard lock(mutex_);
                if (finisher_) finisher_->cancel();
                break;
            }
            case Command::open_review: trace_event("review", monotonic_us()); break;
            case Command::upload: {
                const UploadTarget target{settings_.destination, settings_.config_path};
                run_job([=, this] { upload_file(c.file, c.text, c.duration_s, target, 0, /*just_recorded=*/true); });
                break;
            }
            case Command::keep_unshared: {
                const std::string file = c.file;
                const double duration = c.duration_s;
                abandon_live_upload();  // kept, not shared: nothing left in the bucket
                run_job([=, this] {
                    if (remember_unshared(file, duration)) show_toast("Not shared: kept in History");
                });
                break;
            }
            case Command::list_in_history: {
                const std::string file = c.file;
                const double duration = c.duration_s;
                run_job([=, this] { remember_unshared(file, duration); });
                break;
            }
            case Command::show_message: add_message(c.text); break;
        }
    }
    if (!commands.empty()) wake_();
}

void AppController::start_recorder() {
    bool reaction;
    {
        std::lock_guard lock(mutex_);
        reaction = model_.reaction();
    }
    try {
        RecordOptions o = recording_options(settings_, reaction);
        // A video update to S3 or WebDAV uploads while it records, so that at Share only the tail is left.
        std::shared_ptr<share::LiveUpload> live;
        if (!reaction) {
            try {
                std::string note;
                live = share::LiveUpload::start(upload::load_config_or_default(settings_.config_path),
                                                settings_.destination, o.output, note);
                if (!note.empty()) add_message(note);
            } catch (const std::exception& e) {
                add_message(std::string("not uploading while recording: ") + e.what());
            }
            if (live) o.sink = live->sink_factory();
        }
        if (before_recording_ && before_recording_(o))
            desktop_notification("Recording", "clipnote keeps its indicator out of the picture; " +
                                                  settings_.record_hotkey + " or the tray icon's Stop ends the recording");
        recorder_.start(o);
        const std::string output = recorder_.snapshot().output;
        std::unique_ptr<upload::RecordingMarker> marker;
        if (live) {
            // Its queue item lists the recording (and finishes the object should the app die).
            const std::string note = live->track(output, "");
            if (!note.empty()) add_message(note);
        }
        if (!live || !live->tracked()) {
            try {
                marker = std::make_unique<upload::RecordingMarker>(output);
            } catch (const std::exception& e) {
                add_message(std::string("the recording is not in History yet: ") + e.what());
            }
        }
        std::lock_guard lock(mutex_);
        recording_ = std::move(o);
        marker_ = std::move(marker);  // the previous recording's placeholder goes (it was listed by now)
        live_ = std::move(live);
        live_file_ = output;
    } catch (const std::exception& e) {
        Commands c;
        {
            std::lock_guard lock(mutex_);
            c = model_.recorder_start_failed(e.what());
        }
        execute(c);
    }
}

namespace {
// The work line while a finish step makes the animation (only those report progress).
const char* making(FinishStep step) { return step == FinishStep::webp ? "Making the WebP" : "Making the GIF"; }
}  // namespace

void AppController::finish_recording() {
    const RecorderSnapshot result = recorder_.wait();  // done: returns at once
    std::shared_ptr<RecordingFinisher> finisher;
    {
        std::lock_guard lock(mutex_);
        if (!result.output.empty()) view_.last_file = result.output;
        finisher = std::make_shared<RecordingFinisher>(finish_job(recording_, result));
        finisher_ = finisher;
    }
    // Without Review, Stop shares: the link of the upload under way is on the clipboard now.
    std::shared_ptr<share::LiveUpload> live;
    {
        std::lock_guard lock(mutex_);
        live = live_;
    }
    if (live && !settings_.review && result.state == RecorderState::done) {
        const std::string title = std::filesystem::path(result.output).filename().string();
        upload::copy_to_clipboard(live->link(), upload::clipboard_html(upload::LinkFormat::plain, live->link(), title));
        trace_event("link-ready", monotonic_us());
    }
    run_job([=, this] {
        const FinishResult f = finisher->run(
            [&](FinishStep step) {
                if (step == FinishStep::gif || step == FinishStep::webp) set_work(making(step), 0);
            },
            [&](FinishStep step, double done) { set_work(making(step), done); });
        Commands c;
        {
            std::lock_guard lock(mutex_);
            finisher_.reset();
            view_.last_file = f.file;
            if (marker_) marker_->set_file(f.file);  // the finished MP4 or the GIF: what a crash would leave
            if (live_ && f.error.empty()) live_file_ = f.file;
            c = model_.finish_ended(f);
        }
        execute(c);
    });
}

void AppController::share(const ShareChoice& choice) {
    // What the job needs, taken now on the window's thread: settings change under it.
    const bool gif = choice.format == ShareFormat::gif;
    ExportOptions e;
    e.start_s = choice.start_s;
    e.end_s = choice.end_s;
    e.crf = crf_for(settings_.quality);
    if (choice.format != ShareFormat::mp4) e.width = settings_.gif_width;
    if (gif) e.gif_max_bytes = gif_size_bytes(choice.gif_max_size);
    e.gif_dither = gif && settings_.gif_dither;
    ReviewClip clip;
    std::optional<ExportResult> prepared;  // the file offered, if it is the one chosen
    {
        std::lock_guard lock(mutex_);
        if (model_.phase() != Phase::review) return;
        clip = model_.review();
        model_.share_chosen();
        prepared = take_prepared(clip.file, choice, e.width);
    }
    drop_prepared();  // offered and passed over
    const bool trimmed = choice.start_s > 0.05 || (choice.end_s > 0 && choice.end_s < clip.duration_s - 0.05);
    const std::string extension = to_string(choice.format);
    const bool convert = "." + extension != fs::path(clip.file).extension().string();
    const UploadTarget target{choice.destination.empty() ? settings_.destination : choice.destination,
                              settings_.config_path};
    run_job([=, this] {
        std::string file = clip.file;
        double duration = clip.duration_s;
        if (prepared) {
            file = prepared->output;
            duration = prepared->duration_s;
        } else if (trimmed || convert) {
            // A new file for the shared part; the whole recording stays as it was.
            set_work(gif ? "Making the GIF" : choice.format == ShareFormat::webp ? "Making the WebP" : "Trimming", -1);
            try {
                const ExportResult r = export_clip(clip.file, derived_path(clip.file, extension), e);
                file = r.output;
                duration = r.duration_s;
                if (!r.fits && offer_instead_of_gif(clip, choice, r, e)) return;
                // Shared as made; the recording it came from is kept as it was.
                if (!r.fits)
                    add_message("the GIF is over " + choice.gif_max_size + " even at the smallest settings (the recording is kept: " +
                                clip.file + ")");
                else if (!r.gave_up.empty())
                    add_message("to fit " + choice.gif_max_size + " the GIF gave up " + r.gave_up);
            } catch (const std::exception& ex) {
                add_message(std::string(ex.what()) + " (the recording is kept: " + clip.file + ")");
                return;
            }
        }
        upload_file(file, choice.title.empty() ? fs::path(file).stem().string() : choice.title, duration, target, 0,
                    /*just_recorded=*/true);
    });
    wake_();
}

bool AppController::offer_instead_of_gif(const ReviewClip& clip, const ShareChoice& choice, const ExportResult& gif,
                                         const ExportOptions& options) {
    {
        std::lock_guard lock(mutex_);
        if (model_.phase() != Phase::idle || leaving_) return false;
    }
    std::error_code ec;
    GifFallbackSizes sizes;
    sizes.gif = std::max<std::int64_t>(0, std::int64_t(fs::file_size(gif.output, ec)));
    sizes.limit = choice.gif_max_size;
    sizes.limit_bytes = options.gif_max_bytes;
    set_work("Measuring the WebP", -1);
    ExportOptions webp_options = options;
    webp_options.gif_max_bytes = 0;
    std::optional<ExportResult> webp;
    try {
        webp = export_clip(clip.file, derived_path(clip.file, "webp"), webp_options);
        sizes.webp = std::int64_t(fs::file_size(webp->output, ec));
    } catch (const std::exception& ex) {
        webp.reset();  // offered without it: the MP4 is there either way
        sizes.webp_error = ex.what();
    }
    // The MP4 of a trimmed part is not made until it is chosen: its share of the recording.
    const double kept = (choice.end_s > 0 ? choice.end_s : clip.duration_s) - choice.start_s;
    sizes.mp4 = std::int64_t(fs::file_size(clip.file, ec));
    if (clip.duration_s > 0 && kept < clip.duration_s - 0.05) {
        sizes.mp4 = std::int64_t(double(sizes.mp4) * std::max(kept, 0.0) / clip.duration_s);
        sizes.mp4_estimated = true;
    }
    const GifFallback offer = gif_fallback(sizes);
    Commands c;
    {
        std::lock_guard lock(mutex_);
        // Quitting (it sets leaving_ before it asks the model) shares the GIF as made: queued,
        // listed in History, as it was before Review could come back.
        if (!leaving_) c = model_.review_again(clip);
        if (!c.empty()) {
            ShareChoice again = choice;
            again.format = offer.suggested;
            view_.review_offer = {view_.review_offer.id + 1, clip.file, again};
            if (webp) {
                ShareChoice as_webp = choice;
                as_webp.format = ShareFormat::webp;
                prepared_ = Prepared{clip.file, as_webp, webp_options.width, *webp};
            }
        }
    }
    if (c.empty()) {  // a new recording started meanwhile, or the app is quitting
        if (webp) fs::remove(webp->output, ec);
        return false;
    }
    fs::remove(gif.output, ec);  // over the limit, and made again from the recording if chosen
    add_message(offer.text);
    execute(c);
    return true;
}

std::optional<ExportResult> AppController::take_prepared(const std::string& source, const ShareChoice& choice,
                                                         int width) {
    if (!prepared_) return std::nullopt;
    const Prepared& p = *prepared_;
    if (p.source != source || p.choice.format != choice.format || p.width != width ||
        std::abs(p.choice.start_s - choice.start_s) > 1e-6 || std::abs(p.choice.end_s - choice.end_s) > 1e-6)
        return std::nullopt;
    std::optional<ExportResult> made = p.made;
    prepared_.reset();
    return made;
}

void AppController::drop_prepared() {
    std::optional<Prepared> p;
    {
        std::lock_guard lock(mutex_);
        p.swap(prepared_);
    }
    std::error_code ignored;
    if (p) fs::remove(p->made.output, ignored);
}

void AppController::keep_without_sharing() {
    Commands c;
    {
        std::lock_guard lock(mutex_);
        c = model_.keep_chosen();
    }
    drop_prepared();
    execute(c);
}

void AppController::release_marker(const std::string& file) {
    std::lock_guard lock(mutex_);
    if (marker_ && marker_->is_for(file)) marker_.reset();
}

bool AppController::remember_unshared(const std::string& file, double duration_s) {
    try {
        upload::HistoryStore().add_recording(file, duration_s);
        release_marker(file);
        {
            std::lock_guard lock(mutex_);
            ++view_.history_version;
        }
        trace_event("kept");  // listed in History, unshared; traced before the window is woken to show it
        wake_();
        return true;
    } catch (const std::exception& ex) {
        add_message(std::string(ex.what()) + " (the recording is kept: " + file + ")");
        return false;
    }
}

void AppController::report_link(const std::string& url, const std::string& title, const std::string& file,
                                const std::string& pending) {
    const auto copied = upload::copy_to_clipboard(url, upload::clipboard_html(upload::LinkFormat::plain, url, title));
    trace_event("clipboard", monotonic_us());
    {
        std::lock_guard lock(mutex_);
        view_.last_link = url;
        view_.last_title = title;
        view_.last_file = file;
    }
    history_changed();
    const std::string what = copied.copied ? "Link copied" : "Uploaded";
    show_toast(pending.empty() ? what : what + " (upload pending)");
    desktop_notification(pending.empty() ? what : what + " (upload pending)", url);
    if (!copied.copied) add_message("clipboard: " + copied.note);
    if (!pending.empty())
        add_message("the link is out, but the video is not complete yet: " + pending +
                    " (it completes at the next start, or History can retry it)");
}

std::shared_ptr<share::LiveUpload> AppController::take_live_upload(const std::string& file,
                                                                   const std::string& destination) {
    std::shared_ptr<share::LiveUpload> live;
    std::string live_file;
    {
        std::lock_guard lock(mutex_);
        live = std::move(live_);
        live_file = live_file_;
    }
    if (!live) return nullptr;
    if (file == live_file && destination == live->destination()) return live;
    live->abandon();  // trimmed, a GIF, or another destination: the whole recording is not what goes up
    return nullptr;
}

void AppController::abandon_live_upload(bool after_recorder) {
    std::shared_ptr<share::LiveUpload> live;
    {
        std::lock_guard lock(mutex_);
        live = std::move(live_);
    }
    // A request to the server: off the window's thread.
    if (live)
        run_job([this, live, after_recorder] {
            if (after_recorder) recorder_.wait();
            live->abandon();
        });
}

bool AppController::finish_live_upload(share::LiveUpload& live, const std::string& file, const std::string& title,
                                       double duration_s, std::int64_t* fallback_item) {
    history_changed();
    FractionProgress progress([this, name = live.destination()](double f) { set_work("Uploading to " + name, f); });
    const RunningUpload running(*this, progress);
    const share::LiveUpload::Finished f = live.finish(file, duration_s, progress);
    switch (f.outcome) {
        case share::LiveUpload::Finished::complete: report_link(live.link(), title, file, ""); return true;
        case share::LiveUpload::Finished::pending:
            if (leaving_) return true;  // quitting: the next start completes it
            report_link(live.link(), title, file, f.error);
            return true;
        case share::LiveUpload::Finished::fell_back:
            add_message("the upload during the recording stopped (" + f.error + "); uploading the recording now");
            *fallback_item = f.item_id;
            return false;
    }
    return false;
}

void AppController::upload_file(const std::string& file, const std::string& title, double duration_s,
                                const UploadTarget& target, std::int64_t replaces_history_id, bool just_recorded) {
    try {
        // Through the persistent queue, like the CLI: a failure stays queued for a retry and
        // every recording lands in the history.
        const upload::Config config = upload::load_config_or_default(target.config_path);
        const auto& dest_config = config.select(target.destination);
        upload::HistoryStore store;
        upload::UploadQueue queue(store, config);
        share::publish_pages(queue);  // a share page beside the video, where the destination asks
        set_work("Uploading to " + dest_config.name, 0);
        // The recording just made may be going up already: then only its tail is left.
        const auto live = just_recorded ? take_live_upload(file, dest_config.name) : nullptr;
        std::int64_t id = live ? 0 : queue.enqueue(file, dest_config.name, title, duration_s);
        release_marker(file);
        if (live && finish_live_upload(*live, file, title, duration_s, &id)) return;
        // A recording kept unshared gets its row replaced by the upload's, not a second one.
        if (replaces_history_id) store.remove_history(replaces_history_id);
        history_changed();
        if (leaving_) return;  // queued: the next start uploads it
        FractionProgress progress([this, name = dest_config.name](double f) { set_work("Uploading to " + name, f); });
        const RunningUpload running(*this, progress);
        if (leaving_) return;
        const upload::UploadResult r = queue.run(id, progress);
        report_link(r.url, title, file, "");
    } catch (const std::exception& e) {
        if (leaving_) return;  // cancelled by quitting: stays queued for the next start
        history_changed();
        {
            std::lock_guard lock(mutex_);
            view_.messages.push_back(std::string("upload failed: ") + e.what() + " (the recording is kept: " + file +
                                     "; History can retry it)");
        }
        trace_event("upload-failed");  // after the message is in the view, before the window is woken to draw it
        wake_();
    }
}

AppController::RunningUpload::RunningUpload(AppController& app, upload::Progress& progress) : app_(app) {
    std::lock_guard lock(app_.upload_mutex_);
    app_.running_upload_ = &progress;
}

AppController::RunningUpload::~RunningUpload() {
    std::lock_guard lock(app_.upload_mutex_);
    app_.running_upload_ = nullptr;
}

void AppController::resume_queued_uploads() {
    // Uploads a quit (or a crash) interrupted, and those still waiting: on with them.
    try {
        const upload::Config config = upload::load_config_or_default(settings_.config_path);
        upload::HistoryStore store;
        upload::UploadQueue queue(store, config);
        share::publish_pages(queue);  // a share page beside the video, where the destination asks
        for (const std::int64_t id : queue.runnable(false)) {
            if (leaving_) return;
            const std::optional<upload::QueueItem> item = store.item(id);
            if (!item) continue;
            FractionProgress progress([this, name = item->destination](double f) { set_work("Uploading to " + name, f); });
            const RunningUpload running(*this, progress);
            try {
                const upload::UploadResult r = queue.run(id, progress);
                trace_event("resumed-upload", monotonic_us());
                show_toast("Uploaded " + fs::path(item->file).filename().string());
                desktop_notification("Uploaded (resumed)", r.url);
            } catch (const std::exception& e) {
                if (!leaving_) add_message(std::string("queued upload failed: ") + e.what() + " (History can retry it)");
            }
            history_changed();
        }
    } catch (const std::exception& e) {
        add_message(std::string("queued uploads: ") + e.what());
    }
}

namespace {
bool file_exists(const std::string& path) {
    std::error_code ec;
    return fs::exists(path, ec);
}
}  // namespace

void AppController::reupload(const upload::HistoryEntry& entry, const std::string& destination) {
    const UploadTarget target{destination, settings_.config_path};
    const std::int64_t replaces = entry.state == "recorded" ? entry.id : 0;
    run_job([=, this] {
        if (!file_exists(entry.file)) {
            add_message("cannot upload " + entry.file + ": the file is gone");
            return;
        }
        upload_file(entry.file, fs::path(entry.file).stem().string(), entry.duration_s, target, replaces);
    });
}

void AppController::retry(const upload::HistoryEntry& entry) {
    // enqueue finds the unfinished item for this file and destination, so the retry resumes it.
    reupload(entry, entry.destination);
}

void AppController::remove(const upload::HistoryEntry& entry, bool delete_file, bool delete_remote) {
    // The database and the file system are the job thread's: the window never waits on them.
    const std::filesystem::path config_path = settings_.config_path;
    run_job([=, this] {
        try {
            const upload::Config config = upload::load_config_or_default(config_path);
            upload::HistoryStore store;
            upload::UploadQueue queue(store, config);
            if (entry.queue_id && queue.busy_elsewhere(entry.queue_id)) {
                add_message(fs::path(entry.file).filename().string() + " is being uploaded; delete it when that ends");
                return;
            }
            if (delete_remote && entry.queue_id) {
                if (const auto item = store.item(entry.queue_id)) {
                    upload::Progress progress;
                    upload::remove_from_destination(config, *item, progress);  // a refusal keeps the entry
                }
            }
            store.remove_history(entry.id);
            if (delete_file) {
                // Another History row (e.g. an earlier upload of the same file) still needs it.
                bool shared = false;
                for (const auto& other : store.history())
                    shared = shared || other.file == entry.file;
                std::error_code ec;
                if (shared) add_message("kept " + entry.file + ": another History entry uses it");
                else if (fs::remove(entry.file, ec); ec) add_message("cannot delete " + entry.file + ": " + ec.message());
            }
            history_changed();
        } catch (const std::exception& e) {
            add_message(e.what());
        }
    });
}

void AppController::test_destination(const std::string& name) {
    const fs::path config_path = settings_.config_path;
    run_job([=, this] {
        set_work("Testing " + name, -1);
        try {
            const upload::Config config = upload::load_config_or_default(config_path);
            const upload::DestinationConfig& chosen = config.find(name);
            auto destination = upload::make_destination(chosen);
            upload::Progress progress;
            const upload::ProbeResult r = upload::probe_destination(chosen, *destination, progress);
            show_toast(name + (r.link_checked ? ": works (upload, link, delete)" : ": upload works"));
            if (!r.link_checked) add_message(name + ": uploaded, but its link could not be checked from here: " + r.note);
        } catch (const std::exception& e) {
            add_message(name + ": " + e.what());
        }
    });
}

void AppController::add_gnome_shortcuts(const std::vector<ManualBinding>& bindings) {
    run_job([=, this] {
        try {
            install_gnome_custom_shortcuts(bindings);
            show_toast("Added to GNOME's keyboard shortcuts");
        } catch (const std::exception& e) {
            add_message(std::string("GNOME shortcuts: ") + e.what());
        }
    });
}

}  // namespace clipnote::gui
