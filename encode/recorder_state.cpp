#include "encode/recorder_state.h"

namespace clipnote {

const char* to_string(RecorderState s) {
    switch (s) {
        case RecorderState::idle: return "idle";
        case RecorderState::recording: return "recording";
        case RecorderState::paused: return "paused";
        case RecorderState::finishing: return "finishing";
        case RecorderState::done: return "done";
        case RecorderState::failed: return "failed";
    }
    return "?";
}

const char* to_string(RecorderEvent e) {
    switch (e) {
        case RecorderEvent::start: return "start";
        case RecorderEvent::pause: return "pause";
        case RecorderEvent::resume: return "resume";
        case RecorderEvent::stop: return "stop";
        case RecorderEvent::cancel: return "cancel";
        case RecorderEvent::source_failed: return "source_failed";
        case RecorderEvent::finished: return "finished";
        case RecorderEvent::finish_failed: return "finish_failed";
        case RecorderEvent::discarded: return "discarded";
    }
    return "?";
}

std::optional<RecorderState> next_state(RecorderState s, RecorderEvent e) {
    using S = RecorderState;
    using E = RecorderEvent;
    switch (s) {
        case S::idle:
        case S::done:
        case S::failed:
            if (e == E::start) return S::recording;
            return std::nullopt;
        case S::recording:
            if (e == E::pause) return S::paused;
            if (e == E::stop || e == E::cancel || e == E::source_failed) return S::finishing;
            return std::nullopt;
        case S::paused:
            if (e == E::resume) return S::recording;
            if (e == E::stop || e == E::cancel || e == E::source_failed) return S::finishing;
            return std::nullopt;
        case S::finishing:
            if (e == E::finished) return S::done;
            if (e == E::finish_failed) return S::failed;
            if (e == E::discarded) return S::idle;
            return std::nullopt;
    }
    return std::nullopt;
}

}  // namespace clipnote
