#include "app/gui/app_controller.h"

#include <X11/Xlib.h>
#include <libnotify/notify.h>

#include <cstdlib>
#include <filesystem>

#include "capture/error.h"
#include "capture/x11_display.h"
#include "encode/output_paths.h"
#include "upload/clipboard.h"
#include "upload/config.h"
#include "upload/destination_factory.h"
#include "upload/history_store.h"
#include "upload/upload_queue.h"
#include "upload/link_format.h"

namespace clipnote::gui {

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

}  // namespace

AppController::AppController(AppSettings settings, std::function<void()> wake)
    : settings_(std::move(settings)), wake_(std::move(wake)) {}

AppController::~AppController() {
    if (recorder_) recorder_->cancel();
    recorder_.reset();
    if (upload_thread_.joinable()) upload_thread_.join();
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

AppView AppController::view() const {
    std::lock_guard lock(mutex_);
    AppView v = view_;
    if (recorder_) v.recorder = recorder_->snapshot();
    if (v.phase == Phase::countdown)
        v.countdown_left = std::max(0.0, std::chrono::duration<double>(countdown_end_ - std::chrono::steady_clock::now()).count());
    return v;
}

int AppController::wait_hint_ms() const {
    std::lock_guard lock(mutex_);
    switch (view_.phase) {
        case Phase::countdown: return 50;
        case Phase::recording: return 250;  // the elapsed time on screen
        case Phase::finishing:
        case Phase::uploading: return 100;
        case Phase::idle: return -1;
    }
    return -1;
}

void AppController::toggle_recording() {
    Phase phase;
    {
        std::lock_guard lock(mutex_);
        phase = view_.phase;
    }
    if (phase == Phase::idle) begin_countdown(false);
    else if (phase == Phase::recording && recorder_) recorder_->stop();
    else if (phase == Phase::countdown) cancel();
    wake_();
}

void AppController::react() {
    {
        std::lock_guard lock(mutex_);
        if (view_.phase != Phase::idle) return;
    }
    begin_countdown(true);
    wake_();
}

void AppController::cancel() {
    std::lock_guard lock(mutex_);
    if (view_.phase == Phase::countdown) view_.phase = Phase::idle;
    else if (recorder_ && view_.phase == Phase::recording) recorder_->cancel();
}

void AppController::begin_countdown(bool reaction) {
    std::lock_guard lock(mutex_);
    view_.reaction = reaction;
    view_.phase = Phase::countdown;
    countdown_end_ = std::chrono::steady_clock::now() + std::chrono::seconds(settings_.countdown_seconds);
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
        const int fps = reaction ? 15 : 30;
        o.fps = fps;
        const std::string display = std::getenv("DISPLAY") ? std::getenv("DISPLAY") : "";
        const bool have_camera = !settings_.camera.empty() || std::filesystem::exists("/dev/video0");
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
            o.output = default_recording_path("gif");
        } else {
            o.screen = settings_.screen.empty() ? screen_source(display_from_environment(), fps)
                                                : parse_source(settings_.screen, "x11grab");
            if (settings_.bubble && have_camera) o.camera = camera_source(settings_.camera, fps);
            o.format = settings_.gif ? OutputFormat::gif : OutputFormat::mp4;
            o.output = default_recording_path(settings_.gif ? "gif" : "mp4");
        }
        if (settings_.use_mic && !reaction) o.mic = mic_source(settings_.mic);
        if (settings_.system_audio && !reaction) o.system_audio = system_audio_source(settings_.system_audio_source);
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
    if (result.state == RecorderState::idle) {  // cancelled: nothing kept, nothing shared
        std::lock_guard lock(mutex_);
        view_.phase = Phase::idle;
        return;
    }
    if (result.state == RecorderState::failed) {
        {
            std::lock_guard lock(mutex_);
            view_.phase = Phase::idle;
            if (!result.output.empty()) view_.last_file = result.output;
        }
        add_message(result.error + (result.note.empty() ? "" : "; " + result.note));
        return;
    }
    {
        std::lock_guard lock(mutex_);
        view_.last_file = result.output;
        view_.phase = Phase::uploading;
        view_.upload_fraction = 0;
    }
    if (upload_thread_.joinable()) upload_thread_.join();
    upload_thread_ = std::thread([this, file = result.output, d = result.elapsed_s] { upload(file, d); });
}

void AppController::upload(const std::string& file, double duration_s) {
    try {
        // Through the persistent queue, like the CLI: a failure stays queued for a retry and
        // every recording lands in the history.
        const upload::Config config = upload::load_config_or_default(settings_.config_path);
        const auto& dest_config = config.select(settings_.destination);
        upload::HistoryStore store;
        upload::UploadQueue queue(store, config);
        const std::int64_t id =
            queue.enqueue(file, dest_config.name, std::filesystem::path(file).stem().string(), duration_s);
        FractionProgress progress([this](double f) {
            {
                std::lock_guard lock(mutex_);
                view_.upload_fraction = f;
            }
            wake_();
        });
        const upload::UploadResult r = queue.run(id, progress);
        const auto copied = upload::copy_to_clipboard(r.url);
        {
            std::lock_guard lock(mutex_);
            view_.last_link = r.url;
            view_.phase = Phase::idle;
        }
        desktop_notification(copied.copied ? "Link copied" : "Uploaded", r.url);
        if (!copied.copied) add_message("clipboard: " + copied.note);
    } catch (const std::exception& e) {
        {
            std::lock_guard lock(mutex_);
            view_.phase = Phase::idle;
        }
        add_message(std::string("upload failed: ") + e.what() + " (the recording is kept: " + file + ")");
    }
    wake_();
}

}  // namespace clipnote::gui
