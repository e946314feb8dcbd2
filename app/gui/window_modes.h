#pragma once
// The one SDL window takes three shapes: the normal app window; the small always-on-top
// recording indicator in the screen's top-right corner; and the full-screen region overlay.
#include <SDL.h>

#include "app/gui/indicator_placement.h"

namespace clipnote::gui {

enum class WindowMode { normal, indicator, overlay };

class WindowModes {
public:
    // `compositor_places_windows`: a Wayland compositor (through XWayland) ignores where a window
    // asks to be and how big; only fullscreen reliably covers the screen there.
    WindowModes(SDL_Window* window, float scale, bool compositor_places_windows)
        : window_(window), scale_(scale), compositor_places_windows_(compositor_places_windows) {}
    WindowMode mode() const { return mode_; }
    // Reshapes the window; `overlay`: where the region overlay goes (the pointer's monitor), in
    // root-window coordinates.
    void set(WindowMode mode, const Region& overlay = {});
    // Indicator mode: where the window is (its corner), and moving it out of a recording's picture
    // (indicator_placement.h); it is shown again with the next mode.
    Region indicator_bounds() const;
    void keep_out(const IndicatorPlace& place);
    int indicator_margin() const { return int(16 * scale_); }

private:
    SDL_Window* window_;
    float scale_;
    bool compositor_places_windows_;
    WindowMode mode_ = WindowMode::normal;
    int saved_x_ = 0, saved_y_ = 0, saved_w_ = 0, saved_h_ = 0;
    bool was_minimized_ = false;
};

}  // namespace clipnote::gui
