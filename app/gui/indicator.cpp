#include "app/gui/indicator.h"

#include <imgui.h>

#include <chrono>
#include <cmath>
#include <cstdio>

#include "app/gui/widgets.h"

namespace clipnote::gui {

void draw_indicator(AppController& app, const AppView& v) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(10, 8));
    ImGui::Begin("indicator", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    const float h = ImGui::GetContentRegionAvail().y;
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + std::max(0.0f, (h - ImGui::GetFrameHeight()) / 2));
    const ImVec2 button(ImGui::GetFrameHeight() * 2.6f, 0);

    switch (v.phase) {
        case Phase::countdown: {
            ImGui::AlignTextToFramePadding();
            ImGui::TextColored(kRed, "%s  %d", v.reaction ? "Smile!" : "Recording in", int(std::ceil(v.countdown_left)));
            ImGui::SameLine(ImGui::GetContentRegionAvail().x - button.x + ImGui::GetStyle().WindowPadding.x);
            if (ImGui::Button("Cancel", button)) app.cancel();
            break;
        }
        case Phase::recording: {
            const bool paused = v.recorder.state == RecorderState::paused;
            // A blinking dot while recording, a steady amber one while paused.
            const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::steady_clock::now().time_since_epoch()).count();
            const ImVec2 p = ImGui::GetCursorScreenPos();
            const float r = ImGui::GetFontSize() * 0.32f;
            const bool dot_on = paused || (ms / 500) % 2 == 0;
            if (dot_on)
                ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(p.x + r, p.y + ImGui::GetFrameHeight() / 2), r,
                                                            ImGui::GetColorU32(paused ? kWarning : kRed));
            ImGui::Dummy(ImVec2(r * 2.5f, ImGui::GetFrameHeight()));
            ImGui::SameLine();
            ImGui::AlignTextToFramePadding();
            if (v.cancel_armed) {
                ImGui::TextColored(kWarning, "Esc / X again discards it");
            } else {
                ImGui::Text("%s%s", clock_text(v.recorder.elapsed_s).c_str(), paused ? "  paused" : "");
                if (!v.live_upload.empty() && ImGui::IsItemHovered())
                    ImGui::SetTooltip("Uploading while recording: %s", v.live_upload.c_str());
                if (v.live_upload.find("waiting") != std::string::npos) {
                    // The network is away: the recording goes on, the parts follow when it is back.
                    ImGui::SameLine();
                    ImGui::TextColored(kWarning, "upload waiting");
                }
            }
            if (v.reaction) break;  // a few seconds: nothing to press
            ImGui::SameLine();
            if (ImGui::Button(paused ? "Resume" : "Pause", button)) app.pause_resume();
            ImGui::SameLine();
            ImGui::PushStyleColor(ImGuiCol_Button, kRed);
            ImGui::PushStyleColor(ImGuiCol_ButtonHovered, kRedHover);
            if (ImGui::Button("Stop", button)) app.toggle_recording();
            ImGui::PopStyleColor(2);
            ImGui::SameLine();
            if (ImGui::Button("X", ImVec2(ImGui::GetFrameHeight(), 0))) app.cancel();
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("Discard the recording (Esc, twice)");
            break;
        }
        default:
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(v.reaction ? "Making the GIF..." : "Finishing the file...");
            break;
    }
    ImGui::End();
    ImGui::PopStyleVar();
}

}  // namespace clipnote::gui
