#include "app/gui/region_overlay.h"

#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <SDL.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

#include "app/gui/widgets.h"
#include "capture/screen_backend.h"
#include "capture/screen_still.h"
#include "capture/x11_display_loss.h"
#include "capture/x11_monitors.h"
#include "common/error.h"
#include "common/trace.h"

namespace clipnote::gui {

namespace {

// The portal may show its picker the first time: give the user time to choose.
constexpr auto kStillTimeout = std::chrono::minutes(2);

// The pixels of `area` of the root window as RGBA.
std::vector<std::uint8_t> grab_screen(const std::string& display, const Region& area) {
    std::unique_ptr<Display, int (*)(Display*)> d(open_display_surviving_loss(display.c_str()), XCloseDisplay);
    if (!d) throw Error("cannot open X display '" + display + "'");
    const Window root = DefaultRootWindow(d.get());
    const int width = area.width, height = area.height;
    struct ImageDeleter {
        void operator()(XImage* i) const { XDestroyImage(i); }  // a macro in Xutil.h
    };
    std::unique_ptr<XImage, ImageDeleter> image(
        XGetImage(d.get(), root, area.x, area.y, unsigned(width), unsigned(height), AllPlanes, ZPixmap));
    if (!image) throw Error("cannot read the screen of '" + display + "'");
    std::vector<std::uint8_t> rgba(size_t(width) * height * 4);
    const bool common = image->bits_per_pixel == 32 && image->red_mask == 0xff0000 && image->green_mask == 0xff00 &&
                        image->blue_mask == 0xff;
    for (int y = 0; y < height; ++y) {
        std::uint8_t* out = &rgba[size_t(y) * width * 4];
        const auto* row = reinterpret_cast<const std::uint8_t*>(image->data + size_t(y) * image->bytes_per_line);
        for (int x = 0; x < width; ++x, out += 4) {
            if (common) {  // BGRX in memory
                out[0] = row[x * 4 + 2], out[1] = row[x * 4 + 1], out[2] = row[x * 4 + 0];
            } else {
                const unsigned long p = XGetPixel(image.get(), x, y);
                auto channel = [&](unsigned long mask) {
                    if (!mask) return std::uint8_t(0);
                    int shift = 0;
                    while (!((mask >> shift) & 1)) ++shift;
                    const unsigned long max = mask >> shift;
                    return std::uint8_t(((p & mask) >> shift) * 255 / max);
                };
                out[0] = channel(image->red_mask), out[1] = channel(image->green_mask), out[2] = channel(image->blue_mask);
            }
            out[3] = 255;
        }
    }
    return rgba;
}

}  // namespace

void RegionOverlay::begin(const std::string& display) {
    if (choose_screen_backend().format == "portal") {
        // Wayland: the picture the recording will crop, from the portal (the token skips the
        // picker). Its windows are not listed to programs, so a click takes the whole screen.
        const StillPicture still = grab_still_picture(default_screen_source(30), kStillTimeout);
        frozen_.upload(app_renderer(), still.rgba, still.width, still.height);
        screen_ = {still.width, still.height, 0, 0};
        windows_.clear();
    } else {
        // X11: the monitor under the pointer (several monitors share one root window).
        screen_ = choose_monitor(display).bounds;
        frozen_.upload(app_renderer(), grab_screen(display, screen_), screen_.width, screen_.height);
        windows_ = list_windows(display);
    }
    dragging_ = false;
    active_ = true;
    trace_event("region-overlay");
}

std::optional<WindowInfo> RegionOverlay::window_at(float x, float y) const {
    for (auto it = windows_.rbegin(); it != windows_.rend(); ++it) {
        const Region& b = it->bounds;
        if (x >= b.x && y >= b.y && x < b.x + b.width && y < b.y + b.height) return *it;
    }
    return std::nullopt;
}

RegionOverlay::Outcome RegionOverlay::draw(Region& region) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->Pos);
    ImGui::SetNextWindowSize(vp->Size);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::Begin("region", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoScrollWithMouse);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 origin = vp->Pos;
    // Window pixels may differ from screen pixels (a window manager may refuse full screen).
    const float sx = vp->Size.x / float(std::max(1, screen_.width)), sy = vp->Size.y / float(std::max(1, screen_.height));
    draw->AddImage(frozen_.id(), origin, ImVec2(origin.x + vp->Size.x, origin.y + vp->Size.y));

    // SDL's own pointer position: ImGui 1.86 only tracks it while the window has the keyboard.
    int px = 0, py = 0;
    SDL_GetMouseState(&px, &py);
    const ImVec2 mouse{float(px), float(py)};
    // Root-window coordinates of an overlay pixel, and back: the overlay shows screen_ only.
    auto to_x = [&](float wx) { return screen_.x + (wx - origin.x) / sx; };
    auto to_y = [&](float wy) { return screen_.y + (wy - origin.y) / sy; };
    const float mx = to_x(mouse.x), my = to_y(mouse.y);
    Outcome outcome = Outcome::choosing;

    // The candidate rectangle in screen pixels: the drag, or the window under the pointer.
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool have = false;
    if (dragging_) {
        x0 = std::min(drag_x_, mx), y0 = std::min(drag_y_, my), x1 = std::max(drag_x_, mx), y1 = std::max(drag_y_, my);
        have = true;
    } else if (auto w = window_at(mx, my)) {
        x0 = float(w->bounds.x), y0 = float(w->bounds.y);
        x1 = x0 + float(w->bounds.width), y1 = y0 + float(w->bounds.height);
        have = true;
    }
    // Presses and releases come from SDL's events with their own positions: a quick drag can
    // start, move and end between two frames.
    const PointerEvents& pointer = pointer_events();
    if (pointer.pressed) {
        dragging_ = true;
        drag_x_ = to_x(pointer.press_at.x), drag_y_ = to_y(pointer.press_at.y);
    }
    if (dragging_ && pointer.released) {
        dragging_ = false;
        const float ex = to_x(pointer.release_at.x), ey = to_y(pointer.release_at.y);
        Region r;
        if (std::abs(ex - drag_x_) < 5 && std::abs(ey - drag_y_) < 5) {
            // A click, not a drag: the window under it, or the whole screen on the bare desktop.
            if (auto w = window_at(ex, ey)) r = w->bounds;
            else r = screen_;
        } else {
            const float l = std::min(drag_x_, ex), t = std::min(drag_y_, ey);
            r = {int(std::lround(std::abs(ex - drag_x_))), int(std::lround(std::abs(ey - drag_y_))), int(std::lround(l)),
                 int(std::lround(t))};
        }
        region = clip_to_screen(r, screen_);
        if (region.width >= 16 && region.height >= 16) outcome = Outcome::chosen;
    }
    if (key_pressed(ImGuiKey_Escape)) outcome = Outcome::cancelled;

    // Dim everything but the candidate.
    const ImU32 dim = IM_COL32(0, 0, 0, 130);
    const ImVec2 a(origin.x + (x0 - screen_.x) * sx, origin.y + (y0 - screen_.y) * sy);
    const ImVec2 b(origin.x + (x1 - screen_.x) * sx, origin.y + (y1 - screen_.y) * sy);
    const ImVec2 end(origin.x + vp->Size.x, origin.y + vp->Size.y);
    if (have) {
        draw->AddRectFilled(origin, ImVec2(end.x, a.y), dim);
        draw->AddRectFilled(ImVec2(origin.x, b.y), end, dim);
        draw->AddRectFilled(ImVec2(origin.x, a.y), ImVec2(a.x, b.y), dim);
        draw->AddRectFilled(ImVec2(b.x, a.y), ImVec2(end.x, b.y), dim);
        draw->AddRect(a, b, ImGui::GetColorU32(kBlue), 0, 0, 2.0f);
        char size[48];
        std::snprintf(size, sizeof size, "%d x %d", int(std::lround(x1 - x0)), int(std::lround(y1 - y0)));
        const ImVec2 ts = ImGui::CalcTextSize(size);
        const ImVec2 at(std::min(b.x - ts.x - 8, end.x - ts.x - 12), std::min(b.y + 6, end.y - ts.y - 8));
        draw->AddRectFilled(ImVec2(at.x - 6, at.y - 3), ImVec2(at.x + ts.x + 6, at.y + ts.y + 3), IM_COL32(20, 22, 28, 220), 4);
        draw->AddText(at, IM_COL32(255, 255, 255, 255), size);
    } else {
        draw->AddRectFilled(origin, end, dim);
    }
    const char* help = windows_.empty() ? "Drag to select an area   |   click for the whole screen   |   Esc cancels"
                                        : "Drag to select an area   |   click a window to record it   |   Esc cancels";
    const ImVec2 hs = ImGui::CalcTextSize(help);
    const ImVec2 hp(origin.x + (vp->Size.x - hs.x) / 2, origin.y + 24);
    draw->AddRectFilled(ImVec2(hp.x - 12, hp.y - 8), ImVec2(hp.x + hs.x + 12, hp.y + hs.y + 8), IM_COL32(20, 22, 28, 230), 8);
    draw->AddText(hp, IM_COL32(255, 255, 255, 255), help);

    ImGui::End();
    ImGui::PopStyleVar();
    if (outcome != Outcome::choosing) active_ = false;
    return outcome;
}

}  // namespace clipnote::gui
