#pragma once
// The app's model: what the window shows and what hotkeys, buttons and `clipnote toggle/react`
// ask for. It drives the core's Recorder (which owns the pipeline threads) and, after a
// recording, one upload at a time. The window reads view() once per frame.
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "app/gui/app_settings.h"
#include "encode/recorder.h"

namespace clipnote::gui {

enum class Phase { idle, countdown, recording, finishing, uploading };

struct AppView {
    Phase phase = Phase::idle;
    bool reaction = false;            // the current run is a reaction GIF
    double countdown_left = 0;        // seconds, during the countdown
    RecorderSnapshot recorder;        // during recording/finishing
    double upload_fraction = 0;       // 0..1 while uploading
    std::string last_file, last_link;
    std::vector<std::string> messages;  // errors and notes, newest last
};

class AppController {
public:
    // `wake` asks the window to redraw (called from any thread).
    AppController(AppSettings settings, std::function<void()> wake);
    ~AppController();

    void toggle_recording();  // start a video update (after the countdown) or stop it
    void react();             // a reaction GIF: countdown, a few seconds, GIF, upload, clipboard
    void cancel();
    void add_message(const std::string& text);
    void dismiss_message(size_t index);
    // Advances the countdown and notices a finished recording; call once per frame.
    void tick();
    // How long the window may sleep before tick() has something to do (-1: until an event).
    int wait_hint_ms() const;

    AppView view() const;
    AppSettings& settings() { return settings_; }

private:
    void begin_countdown(bool reaction);
    void start_recorder();
    void after_recording(const RecorderSnapshot& result);
    void upload(const std::string& file, double duration_s);

    AppSettings settings_;
    std::function<void()> wake_;
    mutable std::mutex mutex_;
    AppView view_;
    std::chrono::steady_clock::time_point countdown_end_;
    std::unique_ptr<Recorder> recorder_;
    std::thread upload_thread_;
};

}  // namespace clipnote::gui
