#pragma once
// The app's phase logic, apart from everything it drives: no threads, no SDL, no X, no files.
// The controller feeds it events (a key was pressed, the clock moved, the recorder changed, the
// finish steps ended) with the time they happened, and carries out the Commands it returns. So
// the whole flow idle -> countdown -> recording -> finishing -> review/upload is unit-tested with a
// fake clock (tests/test_app_model.cpp).
//
//   idle ─record/react─► countdown ─time─► recording ─stop─► finishing ─ok─► review ─share/keep─► idle
//    ▲                      │cancel           │cancel x2 (reaction: x1)  │cancel     └(reaction or no review: upload)
//    └──────────────────────┴─────────────────┴──────────────────────────┴──────────────► idle
//   and idle ─review_again─► review when a shared GIF could not fit its size limit.
#include <chrono>
#include <string>
#include <vector>

#include "encode/finish_steps.h"
#include "encode/recorder.h"

namespace clipnote::gui {

enum class Phase { idle, countdown, recording, finishing, review };
const char* to_string(Phase p);

using TimePoint = std::chrono::steady_clock::time_point;

struct ReviewClip {
    std::string file;
    double duration_s = 0;
};

// What the model asks the controller to do, in order.
struct Command {
    enum Kind {
        start_recorder,    // build the options (reaction or not) and start the Recorder
        stop_recorder,
        cancel_recorder,   // stop and throw the recording away
        pause_recorder,
        resume_recorder,
        finish_recording,  // run the finish steps (faststart, GIF) on the recorder's result
        cancel_finishing,  // the finish steps stop; the recording is kept as it is
        open_review,       // the review screen shows `file`
        upload,            // share `file` as `title` to the default destination
        keep_unshared,     // list `file` in History as recorded, not shared
        list_in_history,   // list `file` in History as well (what is shared goes on as it is)
        show_message,      // `text` in the window's messages
    };
    Kind kind;
    std::string file;
    std::string text;  // the message, or the upload's title
    double duration_s = 0;
    bool operator==(const Command&) const = default;
};
using Commands = std::vector<Command>;

struct ModelSettings {
    int countdown_seconds = 3;
    bool review = true;  // video updates open the review screen before sharing
};

class AppModel {
public:
    explicit AppModel(ModelSettings settings = {}) : settings_(settings) {}
    void set_settings(ModelSettings s) { settings_ = s; }

    // The user (hotkey, button, `clipnote toggle/react/pause/cancel`).
    Commands record_pressed(TimePoint now);  // start a video update, or stop it
    Commands react_pressed(TimePoint now);   // a reaction GIF
    Commands cancel_pressed(TimePoint now);  // a recording needs a second press within 3 s
    Commands pause_pressed();
    Commands share_chosen();                 // on the review screen (the controller exports/uploads)
    Commands keep_chosen();                  // on the review screen
    // The share chosen did not go ahead (a GIF that cannot fit its limit): Review again, unless
    // something else has started since (then {}, and the controller shares what it made).
    Commands review_again(const ReviewClip& clip);
    Commands quitting();                     // the window closes: keep what was recorded

    // The world.
    Commands tick(TimePoint now);                            // the countdown ends
    Commands recorder_start_failed(const std::string& why);  // start_recorder threw
    Commands recorder_changed(const RecorderSnapshot& s);    // the Recorder's latest snapshot
    Commands finish_ended(const FinishResult& result);       // the finish steps are over

    Phase phase() const { return phase_; }
    bool reaction() const { return reaction_; }
    bool paused() const { return paused_; }
    bool recorder_running() const { return recorder_running_; }
    const ReviewClip& review() const { return review_; }
    double countdown_left_s(TimePoint now) const;
    bool cancel_armed(TimePoint now) const { return now < cancel_armed_until_; }
    // How long the window may sleep before tick() has something to do (-1: until an event).
    int wait_hint_ms(TimePoint now) const;

private:
    Commands begin_countdown(bool reaction, TimePoint now);

    ModelSettings settings_;
    Phase phase_ = Phase::idle;
    bool reaction_ = false;
    bool paused_ = false;
    bool recorder_running_ = false;  // started and not yet ended (done, failed or discarded)
    bool finishing_steps_ = false;   // finish_recording asked for and not yet ended
    double recorded_s_ = 0;          // the recording's length, from the final snapshot
    TimePoint countdown_end_{};
    TimePoint cancel_armed_until_{};
    ReviewClip review_;
};

}  // namespace clipnote::gui
