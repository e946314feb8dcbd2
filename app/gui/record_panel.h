#pragma once
// The Record screen: what to record (screen, a region or window, the camera alone), the camera
// preview and level meters, format, quality and destination, and the big Record button.
#include <cstdint>
#include <string>
#include <vector>

#include "app/gui/app_controller.h"
#include "app/gui/live_preview.h"
#include "app/gui/texture.h"
#include "app/gui/ui_state.h"

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

    LivePreview preview_;
    Texture camera_;
    std::vector<std::uint8_t> rgba_;
    std::uint64_t generation_ = 0;
    std::vector<std::string> destinations_;  // read from the config when the screen opens
    std::string destinations_of_;            // file_stamp() of the config they came from
};

}  // namespace clipnote::gui
