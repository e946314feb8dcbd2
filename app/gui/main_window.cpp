#include "app/gui/main_window.h"

#include <imgui.h>

#include <cstdio>

#include "upload/clipboard.h"
#include "upload/link_format.h"

namespace clipnote::gui {

namespace {

const ImVec4 kRed{0.86f, 0.20f, 0.24f, 1.0f};
const ImVec4 kRedHover{0.93f, 0.30f, 0.33f, 1.0f};
const ImVec4 kMuted{0.62f, 0.64f, 0.70f, 1.0f};

std::string pretty_chord(std::string chord) {
    bool up = true;
    for (char& c : chord) {
        if (up) c = char(std::toupper(static_cast<unsigned char>(c)));
        up = c == '+';
    }
    return chord;
}

bool big_button(const char* label, const ImVec4& color, const ImVec4& hover, float width) {
    ImGui::PushStyleColor(ImGuiCol_Button, color);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, hover);
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, color);
    const bool pressed = ImGui::Button(label, ImVec2(width, ImGui::GetFrameHeight() * 1.8f));
    ImGui::PopStyleColor(3);
    return pressed;
}

void draw_sources(AppController& app) {
    AppSettings& s = app.settings();
    ImGui::TextColored(kMuted, "SOURCES");
    ImGui::Checkbox("Microphone", &s.use_mic);
    ImGui::SameLine(0, 24);
    ImGui::Checkbox("System audio", &s.system_audio);
    ImGui::SameLine(0, 24);
    ImGui::Checkbox("Webcam bubble", &s.bubble);
    ImGui::TextColored(kMuted, "FORMAT");
    int format = s.gif ? 1 : 0;
    ImGui::RadioButton("MP4 video", &format, 0);
    ImGui::SameLine(0, 24);
    ImGui::RadioButton("GIF", &format, 1);
    s.gif = format == 1;
}

void draw_link(const AppView& v) {
    if (v.last_link.empty()) return;
    ImGui::Separator();
    ImGui::TextColored(kMuted, "LAST LINK");
    ImGui::TextWrapped("%s", v.last_link.c_str());
    const struct {
        const char* label;
        upload::LinkFormat format;
    } formats[] = {{"Copy URL", upload::LinkFormat::plain},
                   {"Markdown", upload::LinkFormat::markdown},
                   {"Slack", upload::LinkFormat::slack},
                   {"HTML", upload::LinkFormat::html}};
    for (const auto& f : formats) {
        if (ImGui::SmallButton(f.label)) upload::copy_to_clipboard(upload::format_link(f.format, v.last_link, "clip"));
        ImGui::SameLine();
    }
    ImGui::NewLine();
}

}  // namespace

void draw_main_window(AppController& app, const AppView& v) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    ImGui::Begin("clipnote", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    const float width = ImGui::GetContentRegionAvail().x;
    ImGui::TextUnformatted("clipnote");
    ImGui::SameLine();
    ImGui::TextColored(kMuted, "  record, share, paste");
    ImGui::Spacing();

    switch (v.phase) {
        case Phase::idle: {
            draw_sources(app);
            ImGui::Spacing();
            const std::string record = "Record   (" + pretty_chord(app.settings().record_hotkey) + ")";
            if (big_button(record.c_str(), kRed, kRedHover, width)) app.toggle_recording();
            const std::string react = "Reaction GIF   (" + pretty_chord(app.settings().reaction_hotkey) + ")";
            if (ImGui::Button(react.c_str(), ImVec2(width, 0))) app.react();
            break;
        }
        case Phase::countdown: {
            char n[8];
            std::snprintf(n, sizeof n, "%d", int(v.countdown_left) + 1);
            ImGui::SetWindowFontScale(4.0f);
            ImGui::SetCursorPosX((width - ImGui::CalcTextSize(n).x) / 2);
            ImGui::TextUnformatted(n);
            ImGui::SetWindowFontScale(1.0f);
            ImGui::TextColored(kMuted, v.reaction ? "Smile: a reaction GIF starts" : "Recording starts");
            if (ImGui::Button("Cancel (Esc)", ImVec2(width, 0))) app.cancel();
            break;
        }
        case Phase::recording: {
            char line[96];
            std::snprintf(line, sizeof line, "REC  %02d:%02d   %.1f MB", int(v.recorder.elapsed_s) / 60,
                          int(v.recorder.elapsed_s) % 60, v.recorder.bytes / 1e6);
            ImGui::TextColored(kRed, "%s", line);
            if (!v.reaction) {
                const std::string stop = "Stop   (" + pretty_chord(app.settings().record_hotkey) + ")";
                if (big_button(stop.c_str(), kRed, kRedHover, width)) app.toggle_recording();
            }
            if (ImGui::Button("Cancel (Esc)", ImVec2(width, 0))) app.cancel();
            break;
        }
        case Phase::finishing:
            ImGui::TextUnformatted(v.reaction ? "Making the GIF..." : "Finishing the file...");
            break;
        case Phase::uploading:
            ImGui::TextUnformatted("Uploading");
            ImGui::ProgressBar(float(v.upload_fraction), ImVec2(width, 0));
            break;
    }

    draw_link(v);
    for (size_t i = 0; i < v.messages.size(); ++i) {
        ImGui::PushID(int(i));
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.75f, 0.35f, 1.0f));
        ImGui::TextWrapped("%s", v.messages[i].c_str());
        ImGui::PopStyleColor();
        if (ImGui::SmallButton("Dismiss")) app.dismiss_message(i);
        ImGui::PopID();
    }
    ImGui::End();
}

}  // namespace clipnote::gui
