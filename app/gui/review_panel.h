#pragma once
// The Review screen after a video update: plays the clip with a scrubber, keeps a
// trimmed part, takes a title and the format, then Share or Cancel. Sound plays when the
// machine has an audio device.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "app/gui/app_controller.h"
#include "app/gui/clip_audio.h"
#include "app/gui/texture.h"
#include "app/gui/ui_state.h"
#include "app/gui/video_frames.h"
#include "app/gui/widgets.h"

namespace clipnote::gui {

class ReviewPanel {
public:
    void draw(AppController& app, const AppView& view, UiState& ui);
    // Lets go of the file and the audio device once the Review screen is gone.
    void close();

private:
    void open(const ReviewClip& clip, const AppSettings& settings);
    void apply(const ReviewOffer& offer);
    void seek(double t);
    void set_playing(bool on);

    std::string file_;
    std::unique_ptr<VideoFrames> frames_;
    std::unique_ptr<ClipAudio> audio_;
    Texture picture_;
    double duration_ = 0;
    float position_ = 0, start_ = 0, end_ = 0;
    bool playing_ = false;
    std::string gif_max_size_;  // the GIF's size limit for this share
    GifSizeFieldState gif_size_state_;
    std::chrono::steady_clock::time_point played_from_;
    float played_from_position_ = 0;
    char title_[200] = {};
    ShareFormat format_ = ShareFormat::mp4;
    std::uint64_t offer_id_ = 0;  // the last ReviewOffer shown
    std::string error_;
};

}  // namespace clipnote::gui
