#include "app/gui/app_model.h"

#include <algorithm>
#include <filesystem>

namespace clipnote::gui {

namespace {
constexpr auto kCancelWindow = std::chrono::seconds(3);
}

const char* to_string(Phase p) {
    switch (p) {
        case Phase::idle: return "idle";
        case Phase::countdown: return "countdown";
        case Phase::recording: return "recording";
        case Phase::finishing: return "finishing";
        case Phase::review: return "review";
    }
    return "?";
}

Commands AppModel::begin_countdown(bool reaction, TimePoint now) {
    phase_ = Phase::countdown;
    reaction_ = reaction;
    paused_ = false;
    cancel_armed_until_ = {};
    countdown_end_ = now + std::chrono::seconds(settings_.countdown_seconds);
    // Even with no countdown the recorder starts on the next tick, after the window has let go
    // of the camera its preview holds.
    return {};
}

Commands AppModel::record_pressed(TimePoint now) {
    switch (phase_) {
        case Phase::idle: return begin_countdown(false, now);
        case Phase::countdown: return cancel_pressed(now);
        case Phase::recording:
            if (recorder_running_) return {{Command::stop_recorder}};
            return {};
        case Phase::finishing:
        case Phase::review: return {};
    }
    return {};
}

Commands AppModel::react_pressed(TimePoint now) {
    if (phase_ != Phase::idle) return {};
    return begin_countdown(true, now);
}

Commands AppModel::cancel_pressed(TimePoint now) {
    switch (phase_) {
        case Phase::countdown: phase_ = Phase::idle; return {};
        case Phase::recording:
            if (!recorder_running_) return {};
            // A recording is thrown away only on a second press within 3 s: a stray Esc keeps it.
            if (reaction_ || cancel_armed(now)) {
                cancel_armed_until_ = {};
                return {{Command::cancel_recorder}};
            }
            cancel_armed_until_ = now + kCancelWindow;
            return {};
        case Phase::finishing:
            if (finishing_steps_) return {{Command::cancel_finishing}};
            return {};
        case Phase::idle:
        case Phase::review: return {};
    }
    return {};
}

Commands AppModel::pause_pressed() {
    if (phase_ != Phase::recording || !recorder_running_ || reaction_) return {};
    return {{paused_ ? Command::resume_recorder : Command::pause_recorder}};
}

Commands AppModel::share_chosen() {
    if (phase_ != Phase::review) return {};
    phase_ = Phase::idle;
    return {};
}

Commands AppModel::review_again(const ReviewClip& clip) {
    if (phase_ != Phase::idle) return {};
    phase_ = Phase::review;
    review_ = clip;
    return {{Command::open_review, clip.file, {}, clip.duration_s}};
}

Commands AppModel::keep_chosen() {
    if (phase_ != Phase::review) return {};
    phase_ = Phase::idle;
    return {{Command::keep_unshared, review_.file, {}, review_.duration_s}};
}

Commands AppModel::quitting() {
    if (recorder_running_) return {{Command::stop_recorder}};
    if (phase_ == Phase::review) {
        phase_ = Phase::idle;
        return {{Command::keep_unshared, review_.file, {}, review_.duration_s}};
    }
    return {};
}

Commands AppModel::tick(TimePoint now) {
    if (phase_ != Phase::countdown || now < countdown_end_) return {};
    phase_ = Phase::recording;
    recorder_running_ = true;
    return {{Command::start_recorder}};
}

Commands AppModel::recorder_start_failed(const std::string& why) {
    recorder_running_ = false;
    phase_ = Phase::idle;
    return {{Command::show_message, {}, why}};
}

Commands AppModel::recorder_changed(const RecorderSnapshot& s) {
    if (!recorder_running_) return {};
    switch (s.state) {
        case RecorderState::recording: paused_ = false; return {};
        case RecorderState::paused: paused_ = true; return {};
        case RecorderState::finishing: phase_ = Phase::finishing; return {};
        case RecorderState::done:
            recorder_running_ = false;
            phase_ = Phase::finishing;
            finishing_steps_ = true;
            recorded_s_ = s.elapsed_s;
            return {{Command::finish_recording, s.output, {}, s.elapsed_s}};
        case RecorderState::failed: {
            recorder_running_ = false;
            phase_ = Phase::idle;
            Commands c;
            // What was recorded before the failure is kept: listed in History, never lost.
            if (!s.output.empty()) c.push_back({Command::keep_unshared, s.output, {}, s.elapsed_s});
            c.push_back({Command::show_message, {}, s.error + (s.note.empty() ? "" : "; " + s.note)});
            return c;
        }
        case RecorderState::idle:  // cancelled: nothing kept, nothing shared
            recorder_running_ = false;
            phase_ = Phase::idle;
            return {};
    }
    return {};
}

Commands AppModel::finish_ended(const FinishResult& f) {
    if (!finishing_steps_) return {};
    finishing_steps_ = false;
    phase_ = Phase::idle;
    if (f.cancelled) {
        // Nothing is shared; the recording stays, listed in History.
        return {{Command::keep_unshared, f.file, {}, recorded_s_},
                {Command::show_message, {}, "finishing cancelled: " + f.note}};
    }
    if (!f.error.empty()) {
        Commands c;
        if (!f.file.empty()) c.push_back({Command::keep_unshared, f.file, {}, recorded_s_});  // the kept recording
        c.push_back({Command::show_message, {}, f.error + (f.note.empty() ? "" : "; " + f.note)});
        return c;
    }
    Commands c;
    if (!f.gif_fits) {
        // The GIF goes on as made; the MP4 it came from stays in History, the smaller thing to send.
        if (!f.kept_recording.empty()) c.push_back({Command::list_in_history, f.kept_recording, {}, recorded_s_});
        c.push_back({Command::show_message, {}, "the GIF is over its size limit even at the smallest settings; its MP4 is in History"});
    } else if (!f.gif_gave_up.empty()) {
        c.push_back({Command::show_message, {}, "to fit its size limit the GIF gave up " + f.gif_gave_up});
    }
    if (!reaction_ && settings_.review) {
        phase_ = Phase::review;
        review_ = {f.file, recorded_s_};
        c.push_back({Command::open_review, f.file, {}, recorded_s_});
        return c;
    }
    const std::string title = reaction_ ? "reaction" : std::filesystem::path(f.file).stem().string();
    c.push_back({Command::upload, f.file, title, recorded_s_});
    return c;
}

double AppModel::countdown_left_s(TimePoint now) const {
    if (phase_ != Phase::countdown) return 0;
    return std::max(0.0, std::chrono::duration<double>(countdown_end_ - now).count());
}

int AppModel::wait_hint_ms(TimePoint now) const {
    switch (phase_) {
        case Phase::countdown: {
            // Wake for the next tenth shown, and exactly when the countdown ends.
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(countdown_end_ - now).count();
            return int(std::clamp<long long>(left, 0, 50));
        }
        case Phase::recording: return 250;  // the elapsed time on screen
        case Phase::finishing: return 100;
        case Phase::idle:
        case Phase::review: return -1;
    }
    return -1;
}

}  // namespace clipnote::gui
