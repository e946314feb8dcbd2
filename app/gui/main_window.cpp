#include "app/gui/main_window.h"

#include <SDL.h>
#include <imgui.h>

#include "app/gui/widgets.h"
#include "common/trace.h"

namespace clipnote::gui {

void MainWindow::draw_screen_switch(UiState& ui, float width) {
    const struct {
        Screen screen;
        const char* label;
    } screens[] = {{Screen::record, "Record"}, {Screen::history, "History"}, {Screen::settings, "Settings"}};
    const float w = (width - 2 * ImGui::GetStyle().ItemSpacing.x) / 3;
    const Screen was = ui.screen;
    for (const auto& s : screens) {
        const bool on = ui.screen == s.screen;
        ImGui::PushStyleColor(ImGuiCol_Button, on ? kBlue : ImVec4(0.16f, 0.17f, 0.22f, 1.0f));
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, on ? kBlueHover : ImVec4(0.22f, 0.24f, 0.31f, 1.0f));
        if (ImGui::Button(s.label, ImVec2(w, 0))) ui.screen = s.screen;
        ImGui::PopStyleColor(2);
        if (s.screen != Screen::settings) ImGui::SameLine();
    }
    // Ctrl+1/2/3 switch screens (not while a text field has the keyboard).
    if (scancode_pressed(SDL_SCANCODE_1, true)) ui.screen = Screen::record;
    if (scancode_pressed(SDL_SCANCODE_2, true)) ui.screen = Screen::history;
    if (scancode_pressed(SDL_SCANCODE_3, true)) ui.screen = Screen::settings;
    if (ui.screen != was)
        trace_event(ui.screen == Screen::record ? "shown record" : ui.screen == Screen::history ? "shown history" : "shown settings");
}

void MainWindow::draw_footer(AppController& app, const AppView& v) {
    const float width = ImGui::GetContentRegionAvail().x;
    if (!v.work_label.empty()) {
        ImGui::Separator();
        ImGui::TextUnformatted(v.work_label.c_str());
        if (v.work_fraction >= 0) ImGui::ProgressBar(float(v.work_fraction), ImVec2(width, 0));
    }
    if (!v.toast.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, kGreen);
        ImGui::TextUnformatted(v.toast.c_str());
        ImGui::PopStyleColor();
        if (!v.last_link.empty() && v.toast == "Link copied") {
            ImGui::SameLine();
            ImGui::TextColored(kMuted, "%s", v.last_link.c_str());
        }
    }
    for (size_t i = 0; i < v.messages.size(); ++i) {
        ImGui::PushID(int(i));
        ImGui::PushStyleColor(ImGuiCol_Text, kWarning);
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width - ImGui::CalcTextSize("Dismiss").x * 1.6f);
        ImGui::TextWrapped("%s", v.messages[i].c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
        ImGui::SameLine(width - ImGui::CalcTextSize("Dismiss").x);
        if (ImGui::SmallButton("Dismiss")) app.dismiss_message(i);
        ImGui::PopID();
    }
}

void MainWindow::draw(AppController& app, const AppView& v, UiState& ui) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    ImGui::Begin("clipnote", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    const float width = ImGui::GetContentRegionAvail().x;
    ui.animating = false;

    // Messages and progress stay in view at the bottom; the screen scrolls above them.
    const float footer_lines = float(v.messages.size() * 2 + (v.work_label.empty() ? 0 : 2) + (v.toast.empty() ? 0 : 1));
    const float footer_h = footer_lines * ImGui::GetFrameHeightWithSpacing();

    if (v.phase == Phase::review) {
        record_.pause_preview();
        ImGui::BeginChild("review", ImVec2(0, -footer_h), false);
        review_.draw(app, v, ui);
        ImGui::EndChild();
    } else {
        review_.close();
        draw_screen_switch(ui, width);
        if (ui.screen != Screen::record) record_.pause_preview();
        if (ui.screen != Screen::settings && ui.capturing_hotkey != kNoHotkey) {
            ui.capturing_hotkey = kNoHotkey;  // left Settings while it waited for a chord
            ui.regrab_hotkeys = true;
        }
        ImGui::BeginChild("screen", ImVec2(0, -footer_h), false);
        switch (ui.screen) {
            case Screen::record: record_.draw(app, v, ui); break;
            case Screen::history: history_.draw(app, v, ui); break;
            case Screen::settings: settings_.draw(app, v, ui); break;
        }
        ImGui::EndChild();
        if (ui.screen == Screen::record && keysym_pressed(SDLK_F2)) ui.select_region = true;
    }
    draw_footer(app, v);
    ImGui::End();
}

}  // namespace clipnote::gui
