#include "app/gui/widgets.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "app/gui/gif_size_presets.h"

namespace clipnote::gui {

std::string pretty_chord(std::string chord) {
    bool up = true;
    for (char& c : chord) {
        if (up) c = char(std::toupper(static_cast<unsigned char>(c)));
        up = c == '+';
    }
    return chord;
}

std::string clock_text(double seconds) {
    seconds = std::max(0.0, seconds);
    char text[32];
    std::snprintf(text, sizeof text, "%02d:%04.1f", int(seconds) / 60, seconds - 60 * (int(seconds) / 60));
    return text;
}

std::string size_text(double bytes) {
    char text[32];
    if (bytes >= 1e6) std::snprintf(text, sizeof text, "%.1f MB", bytes / 1e6);
    else std::snprintf(text, sizeof text, "%.0f kB", bytes / 1e3);
    return text;
}

bool big_button(const char* label, const ImVec4& color, const ImVec4& hover, float width) {
    ImGui::PushStyleColor(ImGuiCol_Button, color);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, hover);
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, color);
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    const bool pressed = ImGui::Button(label, ImVec2(width, ImGui::GetFrameHeight() * 1.8f));
    ImGui::PopStyleColor(4);
    return pressed;
}

void section_title(const char* text) {
    ImGui::Spacing();
    ImGui::TextColored(kMuted, "%s", text);
}

void level_meter(const char* label, float value, float width, float label_width) {
    ImGui::TextUnformatted(label);
    // Spacing rather than a position: inside a group, SameLine's position is group-relative.
    ImGui::SameLine(0, std::max(4.0f, label_width - ImGui::CalcTextSize(label).x));
    const float height = ImGui::GetTextLineHeight() * 0.6f;
    ImVec2 p = ImGui::GetCursorScreenPos();
    p.y += (ImGui::GetTextLineHeight() - height) / 2;
    const float w = std::max(20.0f, width);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(p, ImVec2(p.x + w, p.y + height), ImGui::GetColorU32(ImGuiCol_FrameBg), height / 2);
    const float v = std::clamp(value, 0.0f, 1.0f);
    const ImVec4 color = v > 0.9f ? kRed : v > 0.7f ? kWarning : kGreen;
    if (v > 0) draw->AddRectFilled(p, ImVec2(p.x + w * v, p.y + height), ImGui::GetColorU32(color), height / 2);
    ImGui::Dummy(ImVec2(w, ImGui::GetTextLineHeight()));
}

namespace {
std::vector<SDL_Keysym> g_keys;
PointerEvents g_pointer;
}

void set_pointer_events(const PointerEvents& events) { g_pointer = events; }
const PointerEvents& pointer_events() { return g_pointer; }

void set_keys_pressed(std::vector<SDL_Keysym> keys) { g_keys = std::move(keys); }

bool scancode_pressed(int sdl_scancode, bool ctrl) {
    for (const SDL_Keysym& k : g_keys)
        if (k.scancode == sdl_scancode && (!ctrl || (k.mod & KMOD_CTRL))) return true;
    return false;
}

bool keysym_pressed(int sdl_keycode) {
    for (const SDL_Keysym& k : g_keys)
        if (k.sym == sdl_keycode) return true;
    return false;
}

bool key_pressed(ImGuiKey key) {
    switch (key) {
        case ImGuiKey_Enter: return scancode_pressed(SDL_SCANCODE_RETURN);
        case ImGuiKey_KeyPadEnter: return scancode_pressed(SDL_SCANCODE_KP_ENTER);
        case ImGuiKey_Escape: return scancode_pressed(SDL_SCANCODE_ESCAPE);
        case ImGuiKey_Space: return scancode_pressed(SDL_SCANCODE_SPACE);
        case ImGuiKey_Delete: return scancode_pressed(SDL_SCANCODE_DELETE);
        case ImGuiKey_UpArrow: return scancode_pressed(SDL_SCANCODE_UP);
        case ImGuiKey_DownArrow: return scancode_pressed(SDL_SCANCODE_DOWN);
        default: return false;
    }
}

void hint(const char* text) {
    ImGui::SameLine();
    ImGui::TextColored(kMuted, "%s", text);
}

void share_format_radios(ShareFormat& format) {
    int chosen = int(format);
    ImGui::RadioButton("MP4 video", &chosen, int(ShareFormat::mp4));
    ImGui::SameLine(0, 18);
    ImGui::RadioButton("GIF", &chosen, int(ShareFormat::gif));
    ImGui::SameLine(0, 18);
    ImGui::RadioButton("WebP", &chosen, int(ShareFormat::webp));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("An animated WebP: smaller than a GIF; Discord, GitHub and browsers play it inline");
    format = ShareFormat(chosen);
}

void gif_size_field(const char* label, std::string& size, GifSizeFieldState& state, float width) {
    const auto& presets = gif_size_presets();
    const int custom = int(presets.size());
    if (state.choice < 0) {
        state.choice = int(gif_size_preset_index(size));
        if (state.choice == custom) std::snprintf(state.custom, sizeof state.custom, "%s", size.c_str());
    }
    ImGui::SetNextItemWidth(width);
    const char* shown = state.choice < custom ? presets[size_t(state.choice)].label : "Custom size";
    if (ImGui::BeginCombo(label, shown)) {
        for (int i = 0; i <= custom; ++i) {
            if (ImGui::Selectable(i < custom ? presets[size_t(i)].label : "Custom size", i == state.choice)) {
                state.choice = i;
                if (i < custom) size = presets[size_t(i)].size;
            }
        }
        ImGui::EndCombo();
    }
    if (state.choice == custom) {
        ImGui::SetNextItemWidth(width * 0.4f);
        ImGui::InputTextWithHint("##custom-gif-size", "e.g. 5MB", state.custom, sizeof state.custom);
        if (gif_size_bytes(state.custom) > 0) size = state.custom;
        else hint("a size such as 5MB or 800KB");
    }
}

}  // namespace clipnote::gui
