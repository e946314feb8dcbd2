#pragma once
// The screen on Wayland: the ScreenCast portal + PipeWire behind the CaptureSource seam, named
// `portal:[monitor|window]` with an optional `crop=WxH+X+Y` option (a region of the monitor).
// Pictures are stamped on arrival. A static screen sends no pictures: the Recorder's grid
// repeats the last one, so the file keeps its constant rate and true length; the picture that
// was current when the recording starts is handed over at start().
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "capture/capture_source.h"
#include "capture/portal/pipewire_stream.h"
#include "capture/portal/screencast_portal.h"
#include "capture/source_spec.h"
#include "common/av_ptr.h"

namespace clipnote {

class PortalScreenSource : public CaptureSource {
public:
    // Runs the portal handshake (the picker shows unless a stored token is accepted) and waits
    // for the stream's format. Throws Error("cannot open screen portal:...: <reason>").
    PortalScreenSource(std::string role, SourceSpec spec);
    ~PortalScreenSource() override;

    const std::string& role() const override { return role_; }
    const SourceSpec& spec() const override { return spec_; }
    int width() const override { return crop_w_; }
    int height() const override { return crop_h_; }
    void start(CaptureQueue& queue, int source_index, int64_t start_us) override;
    void stop() override;
    std::optional<std::string> error() const override;
    bool finished() const override { return false; }

    // Whether the pictures carry the cursor.
    bool cursor_embedded() const { return session_ && session_->cursor_embedded(); }

private:
    void on_frame(const std::uint8_t* data, int stride, const RawVideoFormat& format);
    void on_error(const std::string& why);
    FramePtr copy_picture(const std::uint8_t* data, int stride, const RawVideoFormat& format) const;

    std::string role_;
    SourceSpec spec_;
    int crop_x_ = 0, crop_y_ = 0, crop_w_ = 0, crop_h_ = 0;
    std::unique_ptr<ScreencastSession> session_;
    std::unique_ptr<PipeWireVideoStream> stream_;

    mutable std::mutex mutex_;
    CaptureQueue* queue_ = nullptr;  // set by start(), cleared by stop()
    int index_ = 0;
    FramePtr latest_;  // the newest picture before start()
    std::optional<std::string> error_;
};

}  // namespace clipnote
