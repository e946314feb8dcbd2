#pragma once
// The app's look in one place: colours and the few widgets ImGui does not have.
#include <SDL.h>
#include <imgui.h>

#include <string>
#include <vector>

#include "app/gui/share_choice.h"

namespace clipnote::gui {

inline const ImVec4 kRed{0.86f, 0.20f, 0.24f, 1.0f};
inline const ImVec4 kRedHover{0.93f, 0.30f, 0.33f, 1.0f};
inline const ImVec4 kBlue{0.26f, 0.47f, 0.85f, 1.0f};
inline const ImVec4 kBlueHover{0.34f, 0.55f, 0.92f, 1.0f};
inline const ImVec4 kGreen{0.35f, 0.78f, 0.45f, 1.0f};
inline const ImVec4 kMuted{0.62f, 0.64f, 0.70f, 1.0f};
inline const ImVec4 kWarning{1.0f, 0.75f, 0.35f, 1.0f};

// "ctrl+alt+r" -> "Ctrl+Alt+R".
std::string pretty_chord(std::string chord);
// "mm:ss.t"
std::string clock_text(double seconds);
// "12.3 MB"
std::string size_text(double bytes);

bool big_button(const char* label, const ImVec4& color, const ImVec4& hover, float width);
void section_title(const char* text);
// A horizontal level bar, 0..1, green then amber then red near the top.
void level_meter(const char* label, float value, float width, float label_width);
// Keys pressed since the last frame, from SDL's events. ImGui 1.86 keeps only "is it down now",
// so a press and release that arrive together (xdotool, a fast typist) never show up there.
void set_keys_pressed(std::vector<SDL_Keysym> keys);
bool key_pressed(ImGuiKey key);                     // Enter, Escape, Space, Delete, arrows
bool scancode_pressed(int sdl_scancode, bool ctrl = false);  // with ctrl: only with Ctrl held
// By the key's symbol, for keys that are the same on every layout (F2): a virtual keyboard or
// XWayland may send them with another keycode than a physical keyboard's.
bool keysym_pressed(int sdl_keycode);

// Left-button presses and releases since the last frame, where they happened (same reason).
struct PointerEvents {
    bool pressed = false, released = false;
    ImVec2 press_at, release_at;
};
void set_pointer_events(const PointerEvents& events);
const PointerEvents& pointer_events();
// A small grey hint after the last item, e.g. a keyboard shortcut.
void hint(const char* text);

// "MP4 video", "GIF", "WebP" as radio buttons on one line (the WebP one explains itself on hover).
void share_format_radios(ShareFormat& format);

// A GIF size limit: the presets (gif_size_presets.h) and "Custom size", with a text field for that.
// `size` is the chosen size text ("" = no limit); `state` keeps the field's choice between frames.
struct GifSizeFieldState {
    int choice = -1;  // -1: take it from `size`
    char custom[32] = "";
};
void gif_size_field(const char* label, std::string& size, GifSizeFieldState& state, float width);

}  // namespace clipnote::gui
