#include "app/gui/window_modes.h"

namespace clipnote::gui {

void WindowModes::set(WindowMode mode, const Region& overlay) {
    if (mode == mode_) return;
    if (mode_ == WindowMode::normal) {
        SDL_GetWindowPosition(window_, &saved_x_, &saved_y_);
        SDL_GetWindowSize(window_, &saved_w_, &saved_h_);
        was_minimized_ = SDL_GetWindowFlags(window_) & (SDL_WINDOW_MINIMIZED | SDL_WINDOW_HIDDEN);
    }
    if (mode_ == WindowMode::overlay && compositor_places_windows_) SDL_SetWindowFullscreen(window_, 0);
    switch (mode) {
        case WindowMode::normal:
            if (compositor_places_windows_ && mode_ == WindowMode::indicator) SDL_HideWindow(window_);  // tiled again
            SDL_SetWindowAlwaysOnTop(window_, SDL_FALSE);
            SDL_SetWindowBordered(window_, SDL_TRUE);
            SDL_SetWindowResizable(window_, SDL_TRUE);
            SDL_SetWindowSize(window_, saved_w_, saved_h_);
            SDL_SetWindowPosition(window_, saved_x_, saved_y_);
            SDL_ShowWindow(window_);
            if (was_minimized_ && mode_ == WindowMode::indicator) SDL_MinimizeWindow(window_);
            break;
        case WindowMode::indicator: {
            SDL_Rect bounds{0, 0, 1280, 720};
            SDL_GetDisplayUsableBounds(SDL_GetWindowDisplayIndex(window_), &bounds);
            const int w = int(340 * scale_), h = int(52 * scale_), margin = indicator_margin();
            // A tiling compositor (sway) would keep the window a tile: half the screen, in the
            // recording. Mapped again with a fixed size it floats (sway centres it; the corner
            // is only a request there).
            if (compositor_places_windows_) SDL_HideWindow(window_);
            SDL_SetWindowResizable(window_, SDL_FALSE);
            SDL_SetWindowBordered(window_, SDL_FALSE);
            SDL_SetWindowSize(window_, w, h);
            SDL_SetWindowPosition(window_, bounds.x + bounds.w - w - margin, bounds.y + margin);
            SDL_SetWindowAlwaysOnTop(window_, SDL_TRUE);
            SDL_ShowWindow(window_);
            SDL_RestoreWindow(window_);
            break;
        }
        case WindowMode::overlay:
            SDL_SetWindowResizable(window_, SDL_FALSE);
            SDL_SetWindowBordered(window_, SDL_FALSE);
            SDL_SetWindowSize(window_, overlay.width, overlay.height);
            SDL_SetWindowPosition(window_, overlay.x, overlay.y);
            SDL_SetWindowAlwaysOnTop(window_, SDL_TRUE);
            SDL_ShowWindow(window_);
            if (compositor_places_windows_) SDL_SetWindowFullscreen(window_, SDL_WINDOW_FULLSCREEN_DESKTOP);
            SDL_RaiseWindow(window_);
            break;
    }
    mode_ = mode;
}

Region WindowModes::indicator_bounds() const {
    Region r;
    SDL_GetWindowPosition(window_, &r.x, &r.y);
    SDL_GetWindowSize(window_, &r.width, &r.height);
    return r;
}

void WindowModes::keep_out(const IndicatorPlace& place) {
    if (mode_ != WindowMode::indicator) return;
    if (place.kind == IndicatorPlace::elsewhere) SDL_SetWindowPosition(window_, place.bounds.x, place.bounds.y);
    if (place.kind == IndicatorPlace::hidden) SDL_HideWindow(window_);
}

}  // namespace clipnote::gui
