#pragma once
// The Record screen: what to record (screen, a region or window, the camera alone), the camera
// preview and level meters, format, quality and destination, and the big Record button.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/gui/app_controller.h"
#include "app/gui/background_worker.h"
#include "app/gui/live_preview.h"
#include "app/gui/texture.h"
#include "app/gui/ui_state.h"
#include "capture/x11_monitors.h"

namespace clipnote::gui {

class RecordPanel {
public:
    explicit RecordPanel(std::function<void()> wake) : preview_(std::move(wake)) {}
    void draw(AppController& app, const AppView& view, UiState& ui);
    // Stops the camera and meters (another screen is in front, a recording starts, no focus).
    void pause_preview() { preview_.stop(); }

private:
    void draw_preview(AppController& app, float width);
    PreviewSources wanted_sources(const AppSettings& s) const;
    bool camera_available(const AppSettings& s) const { return !s.camera.empty() || camera_device_; }
    // Has the worker look at config.toml and /dev/video0 again; a change comes back as a Probe.
    void probe(const AppSettings& s, const UiState& ui);

    struct Probe {
        std::string config_stamp;               // file_stamp() of config.toml
        std::vector<std::string> destinations;  // what it offers, default first
        bool camera_device = false;             // /dev/video0 exists
        std::vector<MonitorInfo> monitors;      // X11 only; listed on the first probe and on asking
        bool monitors_listed = false;           // `monitors` is a fresh list
    };

    LivePreview preview_;
    Texture camera_;
    std::vector<std::uint8_t> rgba_;
    std::uint64_t generation_ = 0;
    std::vector<std::string> destinations_;  // read from the config (on the worker)
    std::string destinations_of_;            // file_stamp() of the config they came from
    bool probed_ = false;                    // the first Probe arrived
    bool camera_device_ = false;
    std::vector<MonitorInfo> monitors_;  // more than one: Full screen offers a choice
    bool list_monitors_ = true;          // the next probe lists them (first, and when the choice opens)
    std::shared_ptr<Mailbox<Probe>> probed_result_ = std::make_shared<Mailbox<Probe>>();
    std::unique_ptr<BackgroundWorker> worker_;  // last: joined before the rest goes
};

}  // namespace clipnote::gui
