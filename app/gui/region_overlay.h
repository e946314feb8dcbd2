#pragma once
// Choosing what to record: a full-screen overlay over a frozen screenshot. Drag a rectangle (its
// size is shown), or click a window to take its bounds; Esc cancels.
#include <optional>
#include <string>
#include <vector>

#include "app/gui/texture.h"
#include "capture/source_spec.h"
#include "capture/x11_display.h"

namespace clipnote::gui {

class RegionOverlay {
public:
    enum class Outcome { choosing, chosen, cancelled };

    // Freezes the screen (the caller hides its own window first) and lists the windows on it.
    // Throws Error when the display cannot be read.
    void begin(const std::string& display);
    bool active() const { return active_; }
    void cancel() { active_ = false; }
    const Region& screen() const { return screen_; }
    // Draws over the whole (full-screen) window; when it returns chosen, `region` holds the choice.
    Outcome draw(Region& region);

private:
    std::optional<WindowInfo> window_at(float x, float y) const;

    bool active_ = false;
    Region screen_;
    Texture frozen_;
    std::vector<WindowInfo> windows_;  // bottom to top
    bool dragging_ = false;
    float drag_x_ = 0, drag_y_ = 0;
};

}  // namespace clipnote::gui
