#pragma once
// The Recorder's states and the one table that decides its transitions. Pure logic (no threads,
// no FFmpeg), so every transition is unit-tested.
//
//   idle ──start──► recording ◄──resume── paused
//     ▲               │  └──────pause──────►  │
//     │               └──stop/cancel/ended/source failed──┴──► finishing
//     │                                                           │
//     └──────cancelled─────────── finishing ──ok──► done ──start──► recording (reusable)
//                                         └──error──► failed ──start──► recording
#include <optional>

namespace clipnote {

enum class RecorderState { idle, recording, paused, finishing, done, failed };
const char* to_string(RecorderState s);

enum class RecorderEvent {
    start,          // every source and the file opened
    pause,
    resume,
    stop,           // the shell asked to stop, the duration was reached, or the picture ended
    cancel,         // the shell asked to stop and throw the recording away
    source_failed,  // a device failed: stop, keep what was recorded
    finished,       // the file is complete (trailer written)
    finish_failed,  // the file could not be completed, or nothing was recorded
    discarded,      // a cancelled recording's file is gone
};
const char* to_string(RecorderEvent e);

// The state after `event` in `state`, or nothing when the event does not apply there (e.g.
// pause while finishing). Commands that do not apply are ignored, never an error: a shell's
// button and the pipeline may race.
std::optional<RecorderState> next_state(RecorderState state, RecorderEvent event);

// States in which start() may be called (nothing running).
inline bool can_start(RecorderState s) {
    return s == RecorderState::idle || s == RecorderState::done || s == RecorderState::failed;
}

}  // namespace clipnote
