// A private PulseAudio daemon for tests that record sound: a null sink to play test tones into
// and a "microphone" source that hears exactly what the sink plays.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "support/child_process.h"

namespace clipnote::test {

// Starts pulseaudio with its own runtime dir, a null sink "clipnote_sink" (48 kHz) and a source
// "clipnote_mic" that remaps the sink's monitor; both are the defaults. Stops it and removes the
// dir on destruction. Throws std::runtime_error (with the daemon's log) if it is not ready in 10 s.
class PulseSession {
public:
    PulseSession();
    ~PulseSession();
    PulseSession(const PulseSession&) = delete;
    PulseSession& operator=(const PulseSession&) = delete;

    std::string server() const;  // "unix:<dir>/native", for PULSE_SERVER
    // What a client needs to reach this daemon and nothing else: PULSE_SERVER, plus a client.conf
    // with autospawn off (PULSE_CLIENTCONFIG) and a private cookie path (PULSE_COOKIE).
    EnvVars env() const;
    std::string sink() const { return "clipnote_sink"; }
    std::string mic_source() const { return "clipnote_mic"; }

    // Plays a sine of `frequency_hz` at -6 dBFS peak (RMS -9 dBFS), stereo s16le 48 kHz, into the
    // sink with pacat; 5 ms fade in/out. The process exits when the tone has played (wait_for it),
    // or stops it early when destroyed.
    std::unique_ptr<ChildProcess> play_tone(double frequency_hz, double seconds);
    // Runs pactl against this daemon (e.g. {"list", "short", "sources"}).
    RunResult pactl(const std::vector<std::string>& args) const;

private:
    TempDir dir_;
    std::unique_ptr<ChildProcess> daemon_;
    int tone_files_ = 0;
};

}  // namespace clipnote::test
