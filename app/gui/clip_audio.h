#pragma once
// The sound of a recording for the Review player: decodes the file's audio from a position,
// converts it to 48 kHz stereo and keeps about half a second queued on an SDL audio device.
// Without an audio device (a server, the test suite's Xvfb) it stays silent; playback goes on.
#include <SDL.h>

#include <string>

#include "common/av_ptr.h"

namespace clipnote::gui {

class ClipAudio {
public:
    // Opens the file's audio; has_audio() is false when it has none or no device can play it.
    explicit ClipAudio(const std::string& path);
    ~ClipAudio();
    ClipAudio(const ClipAudio&) = delete;
    ClipAudio& operator=(const ClipAudio&) = delete;

    bool has_audio() const { return device_ != 0; }
    // Starts playing at `from` seconds, stopping at `until`.
    void play(double from, double until);
    // Tops up the device's queue; call every frame while playing.
    void pump();
    void stop();

private:
    InputFormatPtr format_;
    CodecContextPtr decoder_;
    SwrPtr resampler_;
    SDL_AudioDeviceID device_ = 0;
    int stream_ = -1;
    double from_ = 0, until_ = 0, start_s_ = 0;
    bool ended_ = true;
};

}  // namespace clipnote::gui
