#include "app/gui/app_controller.h"

#include <X11/Xlib.h>
#include <libnotify/notify.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "common/clock.h"
#include "common/error.h"
#include "capture/x11_display.h"
#include "encode/clip_export.h"
#include "encode/output_paths.h"
#include "upload/desktop/clipboard.h"
#include "upload/config.h"
#include "upload/destination_factory.h"
#include "upload/library/history_store.h"
#include "upload/probe.h"
#include "upload/library/upload_queue.h"

namespace clipnote::gui {

namespace fs = std::filesystem;

namespace {

// The rectangle of `w` x `h` around the pointer, kept on the screen.
Region around_pointer(const std::string& display, int w, int h) {
    Display* d = XOpenDisplay(display.c_str());
    if (!d) throw Error("cannot open X display '" + display + "'");
    Window root, child;
    int x = 0, y = 0, wx, wy;
    unsigned int mask;
    XQueryPointer(d, DefaultRootWindow(d), &root, &child, &x, &y, &wx, &wy, &mask);
    XCloseDisplay(d);
    return clip_to_screen({w, h, x - w / 2, y - h / 2}, screen_bounds(display));
}

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

// A file in the recording's folder for a trimmed or converted copy: NAME-clip.EXT, NAME-clip-2.EXT...
std::string derived_path(const std::string& file, const std::string& extension) {
    const fs::path p(file);
    fs::path out = p.parent_path() / (p.stem().string() + "-clip." + extension);
    for (int n = 2; fs::exists(out); ++n)
        out = p.parent_path() / (p.stem().string() + "-clip-" + std::to_string(n) + "." + extension);
    return out.string();
}

std::string recording_path(const AppSettings& s, const std::string& extension) {
    if (s.recordings_dir.empty()) return default_recording_path(extension);
    const fs::path name = fs::path(default_recording_path(extension)).filename();  // its date-time name
    fs::create_directories(s.recordings_dir);
    fs::path out = fs::path(s.recordings_dir) / name;
    for (int n = 2; fs::exists(out); ++n)  // two recordings in the same second
        out = fs::path(s.recordings_dir) / (name.stem().string() + "-" + std::to_string(n) + name.extension().string());
    return out.string();
}

}  // namespace

AppController::AppController(AppSettings settings, std::function<void()> wake)
    : settings_(std::move(settings)), wake_(std::move(wake)) {
    job_thread_ = std::thread([this] { job_loop(); });
}

AppController::~AppController() {
    // Quitting (the window closed, SIGTERM at logout) keeps what was recorded: stop cleanly and
    // list it in History, like "Don't share".
    if (recorder_) {
        recorder_->stop();
        const RecorderSnapshot r = recorder_->wait();
        recorder_.reset();
        if (r.state == RecorderState::done && !r.output.empty()) remember_unshared(r.output, r.elapsed_s);
    }
    if (view_.phase == Phase::review) remember_unshared(view_.review.file, view_.review.duration_s);
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

void AppController::trace(const char* event, std::int64_t at_monotonic_us) const {
    // CLIPNOTE_TRACE=1: timestamps for bench/app_latency.sh, as wall-clock microseconds so a
    // script can compare them with the moment it pressed the key.
    static const bool on = std::getenv("CLIPNOTE_TRACE") != nullptr;
    if (!on) return;
    const auto wall_now = std::chrono::duration_cast<std::chrono::microseconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count();
    std::fprintf(stderr, "clipnote-trace %s %lld\n", event, (long long)(wall_now - (monotonic_us() - at_monotonic_us)));
}

void AppController::add_message(const std::string& text) {
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
    std::lock_guard lock(mutex_);
    AppView v = view_;
    if (recorder_) v.recorder = recorder_->snapshot();
    if (v.phase == Phase::countdown)
        v.countdown_left = std::max(0.0, std::chrono::duration<double>(countdown_end_ - std::chrono::steady_clock::now()).count());
    if (std::chrono::steady_clock::now() >= v.toast_until) v.toast.clear();
    v.cancel_armed = std::chrono::steady_clock::now() < v.cancel_armed_until;
    return v;
}

int AppController::wait_hint_ms() const {
    std::lock_guard lock(mutex_);
    int hint = -1;
    switch (view_.phase) {
        case Phase::countdown: hint = 50; break;
        case Phase::recording: hint = 250; break;  // the elapsed time on screen
        case Phase::finishing: hint = 100; break;
        case Phase::idle:
        case Phase::review: break;
    }
    const auto now = std::chrono::steady_clock::now();
    if (!view_.toast.empty() && now < view_.toast_until) {
        const int toast_ms = int(std::chrono::duration_cast<std::chrono::milliseconds>(view_.toast_until - now).count()) + 1;
        hint = hint < 0 ? toast_ms : std::min(hint, toast_ms);
    }
    return hint;
}

void AppController::toggle_recording() {
    Phase phase;
    {
        std::lock_guard lock(mutex_);
        phase = view_.phase;
    }
    if (phase == Phase::idle) {
        pressed_us_ = monotonic_us();
        trace("press", pressed_us_);
        begin_countdown(false);
    } else if (phase == Phase::recording && recorder_) {
        recorder_->stop();
    } else if (phase == Phase::countdown) {
        cancel();
    }
    wake_();
}

void AppController::react() {
    {
        std::lock_guard lock(mutex_);
        if (view_.phase != Phase::idle) return;
    }
    pressed_us_ = monotonic_us();
    trace("press", pressed_us_);
    begin_countdown(true);
    wake_();
}

void AppController::cancel() {
    std::lock_guard lock(mutex_);
    if (view_.phase == Phase::countdown) {
        view_.phase = Phase::idle;
    } else if (recorder_ && view_.phase == Phase::recording) {
        // A recording is thrown away only on a second press within 3 s: a stray Esc keeps it.
        const auto now = std::chrono::steady_clock::now();
        if (view_.reaction || now < view_.cancel_armed_until) recorder_->cancel();
        else view_.cancel_armed_until = now + std::chrono::seconds(3);
    }
}

void AppController::pause_resume() {
    std::lock_guard lock(mutex_);
    if (!recorder_ || view_.phase != Phase::recording || view_.reaction) return;
    if (recorder_->snapshot().state == RecorderState::paused) recorder_->resume();
    else recorder_->pause();
}

void AppController::begin_countdown(bool reaction) {
    {
        std::lock_guard lock(mutex_);
        view_.reaction = reaction;
        view_.phase = Phase::countdown;
        countdown_end_ = std::chrono::steady_clock::now() + std::chrono::seconds(settings_.countdown_seconds);
    }
    traced_first_picture_ = false;
    // Even with no countdown the recorder starts in tick(), right after this event: by then the
    // window has stopped its camera preview, which would otherwise hold the device.
}

void AppController::tick() {
    Phase phase;
    bool countdown_over = false;
    {
        std::lock_guard lock(mutex_);
        phase = view_.phase;
        countdown_over = phase == Phase::countdown && std::chrono::steady_clock::now() >= countdown_end_;
    }
    if (countdown_over) start_recorder();
    if ((phase == Phase::recording || phase == Phase::finishing) && recorder_) {
        const RecorderSnapshot s = recorder_->snapshot();
        if (!traced_first_picture_ && s.first_picture_us) {
            traced_first_picture_ = true;
            trace("first-picture", s.first_picture_us);
        }
        const bool ended = s.state == RecorderState::done || s.state == RecorderState::failed || s.state == RecorderState::idle;
        if (ended) {
            const RecorderSnapshot result = recorder_->wait();
            recorder_.reset();
            after_recording(result);
        } else if (s.state == RecorderState::finishing || s.state == RecorderState::exporting) {
            std::lock_guard lock(mutex_);
            view_.phase = Phase::finishing;
        }
    }
}

void AppController::start_recorder() {
    bool reaction;
    {
        std::lock_guard lock(mutex_);
        reaction = view_.reaction;
    }
    try {
        RecordOptions o;
        const int fps = reaction ? 15 : settings_.fps;
        o.fps = fps;
        o.crf = crf_for(settings_.quality);
        o.gif.width = settings_.gif_width;
        const std::string display = std::getenv("DISPLAY") ? std::getenv("DISPLAY") : "";
        std::error_code no_camera;
        const bool have_camera = !settings_.camera.empty() || fs::exists("/dev/video0", no_camera);
        if (reaction) {
            // Yourself from the webcam; with no webcam, the screen around the pointer.
            if (have_camera) {
                o.camera = camera_source(settings_.camera, fps);
                o.camera_only = true;
            } else {
                o.screen = region_source(display, around_pointer(display, 480, 360), fps);
            }
            o.duration_s = settings_.reaction_seconds;
            o.format = OutputFormat::gif;
            o.output = recording_path(settings_, "gif");
        } else {
            switch (settings_.area) {
                case CaptureArea::camera:
                    if (!have_camera) throw Error("no camera found: plug one in, or set [capture] camera in Settings");
                    o.camera = camera_source(settings_.camera, fps);
                    o.camera_only = true;
                    break;
                case CaptureArea::region:
                    if (!settings_.region.empty()) {
                        o.screen = region_source(display_from_environment(), parse_region(settings_.region), fps);
                        break;
                    }
                    [[fallthrough]];
                case CaptureArea::screen:
                    o.screen = settings_.screen.empty() ? screen_source(display_from_environment(), fps)
                                                        : parse_source(settings_.screen, "x11grab");
                    break;
            }
            if (settings_.bubble && have_camera && settings_.area != CaptureArea::camera)
                o.camera = camera_source(settings_.camera, fps);
            // Video updates are recorded as MP4 and turned into a GIF on Share when asked, so
            // the review can still trim them; without a review the format applies at once.
            const bool gif_now = settings_.gif && !settings_.review;
            o.format = gif_now ? OutputFormat::gif : OutputFormat::mp4;
            o.output = recording_path(settings_, gif_now ? "gif" : "mp4");
            if (settings_.use_mic) o.mic = mic_source(settings_.mic);
            if (settings_.system_audio) o.system_audio = system_audio_source(settings_.system_audio_source);
        }
        auto recorder = std::make_unique<Recorder>();
        recorder->on_state_change(wake_);
        recorder->start(o);
        std::lock_guard lock(mutex_);
        recorder_ = std::move(recorder);
        view_.phase = Phase::recording;
    } catch (const std::exception& e) {
        {
            std::lock_guard lock(mutex_);
            view_.phase = Phase::idle;
        }
        add_message(e.what());
    }
}

void AppController::after_recording(const RecorderSnapshot& result) {
    bool reaction;
    {
        std::lock_guard lock(mutex_);
        reaction = view_.reaction;
        view_.phase = Phase::idle;
        if (!result.output.empty()) view_.last_file = result.output;
    }
    if (result.state == RecorderState::idle) return;  // cancelled: nothing kept, nothing shared
    if (result.state == RecorderState::failed) {
        add_message(result.error + (result.note.empty() ? "" : "; " + result.note));
        return;
    }
    if (!reaction && settings_.review) {
        std::lock_guard lock(mutex_);
        view_.phase = Phase::review;
        view_.review = {result.output, result.elapsed_s};
        trace("review", monotonic_us());
        return;
    }
    const std::string title = reaction ? "reaction" : fs::path(result.output).stem().string();
    const std::string file = result.output;
    const double duration = result.elapsed_s;
    const UploadTarget target{settings_.destination, settings_.config_path};
    run_job([=, this] { upload_file(file, title, duration, target); });
    wake_();
}

void AppController::share(const ShareChoice& choice) {
    ReviewClip clip;
    {
        std::lock_guard lock(mutex_);
        if (view_.phase != Phase::review) return;
        clip = view_.review;
        view_.phase = Phase::idle;
    }
    const bool trimmed = choice.start_s > 0.05 || (choice.end_s > 0 && choice.end_s < clip.duration_s - 0.05);
    const bool convert = choice.gif != (fs::path(clip.file).extension() == ".gif");
    // What the job needs, taken now on the window's thread: settings change under it.
    ExportOptions e;
    e.start_s = choice.start_s;
    e.end_s = choice.end_s;
    e.crf = crf_for(settings_.quality);
    if (choice.gif) e.width = settings_.gif_width;
    const UploadTarget target{choice.destination.empty() ? settings_.destination : choice.destination,
                              settings_.config_path};
    run_job([=, this] {
        std::string file = clip.file;
        double duration = clip.duration_s;
        if (trimmed || convert) {
            // A new file for the shared part; the whole recording stays as it was.
            set_work(choice.gif ? "Making the GIF" : "Trimming", -1);
            try {
                const ExportResult r = export_clip(clip.file, derived_path(clip.file, choice.gif ? "gif" : "mp4"), e);
                file = r.output;
                duration = r.duration_s;
            } catch (const std::exception& ex) {
                add_message(std::string(ex.what()) + " (the recording is kept: " + clip.file + ")");
                return;
            }
        }
        upload_file(file, choice.title.empty() ? fs::path(file).stem().string() : choice.title, duration, target);
    });
    wake_();
}

void AppController::keep_without_sharing() {
    ReviewClip clip;
    {
        std::lock_guard lock(mutex_);
        if (view_.phase != Phase::review) return;
        clip = view_.review;
        view_.phase = Phase::idle;
    }
    if (remember_unshared(clip.file, clip.duration_s)) show_toast("Not shared: kept in History");
}

bool AppController::remember_unshared(const std::string& file, double duration_s) {
    try {
        upload::HistoryStore().add_recording(file, duration_s);
        history_changed();
        return true;
    } catch (const std::exception& ex) {
        add_message(std::string(ex.what()) + " (the recording is kept: " + file + ")");
        return false;
    }
}

void AppController::upload_file(const std::string& file, const std::string& title, double duration_s,
                                const UploadTarget& target, std::int64_t replaces_history_id) {
    try {
        // Through the persistent queue, like the CLI: a failure stays queued for a retry and
        // every recording lands in the history.
        const upload::Config config = upload::load_config_or_default(target.config_path);
        const auto& dest_config = config.select(target.destination);
        upload::HistoryStore store;
        upload::UploadQueue queue(store, config);
        set_work("Uploading to " + dest_config.name, 0);
        const std::int64_t id = queue.enqueue(file, dest_config.name, title, duration_s);
        // A recording kept unshared gets its row replaced by the upload's, not a second one.
        if (replaces_history_id) store.remove_history(replaces_history_id);
        history_changed();
        FractionProgress progress([this, name = dest_config.name](double f) { set_work("Uploading to " + name, f); });
        const upload::UploadResult r = queue.run(id, progress);
        const auto copied = upload::copy_to_clipboard(r.url);
        trace("clipboard", monotonic_us());
        {
            std::lock_guard lock(mutex_);
            view_.last_link = r.url;
            view_.last_title = title;
            view_.last_file = file;
        }
        history_changed();
        show_toast(copied.copied ? "Link copied" : "Uploaded");
        desktop_notification(copied.copied ? "Link copied" : "Uploaded", r.url);
        if (!copied.copied) add_message("clipboard: " + copied.note);
    } catch (const std::exception& e) {
        history_changed();
        add_message(std::string("upload failed: ") + e.what() + " (the recording is kept: " + file +
                    "; History can retry it)");
    }
}

namespace {
bool file_exists(const std::string& path) {
    std::error_code ec;
    return fs::exists(path, ec);
}
}  // namespace

void AppController::reupload(const upload::HistoryEntry& entry, const std::string& destination) {
    if (!file_exists(entry.file)) {
        add_message("cannot upload " + entry.file + ": the file is gone");
        return;
    }
    const UploadTarget target{destination, settings_.config_path};
    const std::int64_t replaces = entry.state == "recorded" ? entry.id : 0;
    run_job([=, this] {
        upload_file(entry.file, fs::path(entry.file).stem().string(), entry.duration_s, target, replaces);
    });
}

void AppController::retry(const upload::HistoryEntry& entry) {
    // enqueue finds the unfinished item for this file and destination, so the retry resumes it.
    reupload(entry, entry.destination);
}

void AppController::remove(const upload::HistoryEntry& entry, bool delete_file) {
    try {
        const upload::Config config = upload::load_config_or_default(settings_.config_path);
        upload::HistoryStore store;
        upload::UploadQueue queue(store, config);
        if (entry.queue_id && queue.busy_elsewhere(entry.queue_id)) {
            add_message(fs::path(entry.file).filename().string() + " is being uploaded; delete it when that ends");
            return;
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

}  // namespace clipnote::gui
