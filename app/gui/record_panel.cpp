#include "app/gui/record_panel.h"

#include <imgui.h>

#include <cstdlib>
#include <filesystem>

#include "app/gui/config_file.h"
#include "app/gui/widgets.h"
#include "capture/screen_backend.h"
#include "capture/source_spec.h"
#include "upload/config.h"

namespace clipnote::gui {

namespace {

// The destinations config.toml offers, default first; the implicit "local" without a file.
std::vector<std::string> destination_names(const std::filesystem::path& config_path) {
    std::vector<std::string> names;
    try {
        const upload::Config c = upload::load_config_or_default(config_path);
        for (const auto& d : c.destinations) names.push_back(d.name);
    } catch (const std::exception&) {
        // A config the app cannot read shows its error when sharing; the picker just stays empty.
    }
    return names;
}

}  // namespace

void RecordPanel::probe(const AppSettings& s, const UiState& ui) {
    if (!worker_) worker_ = std::make_unique<BackgroundWorker>();
    worker_->post_latest("probe", [result = probed_result_, wake = ui.wake, path = s.config_path, known = probed_,
                                   stamp = destinations_of_, camera = camera_device_, monitors = list_monitors_,
                                   listed = monitors_] {
        Probe p;
        p.config_stamp = file_stamp(path);
        std::error_code ec;
        p.camera_device = std::filesystem::exists("/dev/video0", ec);
        p.monitors = listed;
        p.monitors_listed = monitors;
        const char* display = std::getenv("DISPLAY");
        if (monitors && display && *display && choose_screen_backend().format == "x11grab") {
            try {
                p.monitors = list_monitors(display);
            } catch (const std::exception&) {
                p.monitors.clear();  // no display: nothing to choose from
            }
        }
        if (known && !monitors && p.config_stamp == stamp && p.camera_device == camera) return;
        p.destinations = destination_names(path);
        result->put(std::move(p));
        if (wake) wake();
    });
}

PreviewSources RecordPanel::wanted_sources(const AppSettings& s) const {
    PreviewSources p;
    if (!s.live_preview) return p;
    const bool wants_camera = s.area == CaptureArea::camera || s.bubble;
    try {
        if (wants_camera && camera_available(s)) p.camera = camera_source(s.camera, 15);
        if (s.use_mic) p.mic = mic_source(s.mic);
        if (s.system_audio) p.system_audio = system_audio_source(s.system_audio_source);
    } catch (const std::exception&) {
        // A malformed source shows up as the recording's error; the preview just leaves it out.
    }
    return p;
}

void RecordPanel::draw_preview(AppController& app, float width) {
    const AppSettings& s = app.settings();
    int w = 0, h = 0;
    if (preview_.picture(rgba_, w, h, generation_)) {
        if (w > 0) camera_.upload(app_renderer(), rgba_, w, h);
    }
    const bool wants_camera = s.area == CaptureArea::camera || s.bubble;
    const float box_w = std::min(width * 0.45f, 240.0f * ImGui::GetIO().FontGlobalScale);
    ImGui::BeginGroup();
    if (wants_camera && camera_) {
        camera_.draw_fitted(ImVec2(box_w, box_w * 0.75f));
    } else {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + box_w, p.y + box_w * 0.5625f),
                                                  ImGui::GetColorU32(ImGuiCol_FrameBg), 6);
        const char* text = !wants_camera ? "Camera off" : camera_available(s) ? "Starting camera..." : "No camera found";
        const ImVec2 t = ImGui::CalcTextSize(text);
        ImGui::GetWindowDrawList()->AddText(ImVec2(p.x + (box_w - t.x) / 2, p.y + (box_w * 0.5625f - t.y) / 2),
                                            ImGui::GetColorU32(kMuted), text);
        ImGui::Dummy(ImVec2(box_w, box_w * 0.5625f));
    }
    ImGui::EndGroup();
    ImGui::SameLine();
    ImGui::BeginGroup();
    const float label_w = ImGui::CalcTextSize("System").x + ImGui::GetStyle().ItemSpacing.x;
    const float meter_w = width - box_w - ImGui::GetStyle().ItemSpacing.x * 2 - label_w;
    const PreviewLevels levels = preview_.levels();
    level_meter("Mic", s.use_mic ? levels.mic : 0, meter_w, label_w);
    level_meter("System", s.system_audio ? levels.system_audio : 0, meter_w, label_w);
    for (const auto& problem : preview_.problems()) {
        ImGui::PushStyleColor(ImGuiCol_Text, kWarning);
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + meter_w + ImGui::CalcTextSize("System ").x);
        ImGui::TextWrapped("%s", problem.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
    }
    ImGui::EndGroup();
}

void RecordPanel::draw(AppController& app, const AppView& view, UiState& ui) {
    AppSettings& s = app.settings();
    const float width = ImGui::GetContentRegionAvail().x;

    // Settings may have added or removed destinations, a camera may have come: the worker looks.
    if (auto p = probed_result_->take()) {
        probed_ = true;
        destinations_ = std::move(p->destinations);
        destinations_of_ = p->config_stamp;
        camera_device_ = p->camera_device;
        monitors_ = std::move(p->monitors);
        if (p->monitors_listed) list_monitors_ = false;
    }
    probe(s, ui);

    // The preview runs only while this screen is in front of someone and nothing records.
    if (view.phase == Phase::idle && ui.focused) preview_.show(wanted_sources(s));
    else preview_.stop();

    section_title("RECORD");
    int area = int(s.area);
    ImGui::RadioButton("Full screen", &area, int(CaptureArea::screen));
    ImGui::SameLine(0, 18);
    ImGui::RadioButton("Region or window", &area, int(CaptureArea::region));
    ImGui::SameLine(0, 18);
    ImGui::RadioButton("Camera only", &area, int(CaptureArea::camera));
    s.area = CaptureArea(area);
    if (s.area == CaptureArea::screen && monitors_.size() > 1) {
        // Several monitors: one of them, the pointer's unless chosen here.
        ImGui::SetNextItemWidth(width * 0.5f);
        const std::string current = s.monitor.empty() ? "Under the pointer" : s.monitor;
        if (ImGui::BeginCombo("Monitor", current.c_str())) {
            if (ImGui::IsWindowAppearing()) list_monitors_ = true;  // one plugged in since shows up
            if (ImGui::Selectable("Under the pointer", s.monitor.empty())) s.monitor.clear();
            for (const auto& m : monitors_)
                if (ImGui::Selectable(describe(m).c_str(), s.monitor == m.name)) s.monitor = m.name;
            ImGui::EndCombo();
        }
    }
    if (s.area == CaptureArea::region) {
        if (ImGui::Button("Select area...")) ui.select_region = true;
        hint("F2");
        ImGui::SameLine(0, 18);
        if (s.region.empty()) ImGui::TextColored(kWarning, "none yet: the whole screen");
        else {
            try {
                const Region r = parse_region(s.region);
                ImGui::Text("%d x %d at %d, %d", r.width, r.height, r.x, r.y);
            } catch (const std::exception&) {
                ImGui::TextColored(kWarning, "%s is not WxH+X+Y", s.region.c_str());
            }
        }
    }
    ImGui::Checkbox("Microphone", &s.use_mic);
    ImGui::SameLine(0, 18);
    ImGui::Checkbox("System audio", &s.system_audio);
    if (s.area != CaptureArea::camera) {
        ImGui::SameLine(0, 18);
        ImGui::Checkbox("Webcam bubble", &s.bubble);
    }
    ImGui::Spacing();
    draw_preview(app, width);

    section_title("SHARE AS");
    share_format_radios(s.share_as);
    ImGui::SameLine(0, 30);
    ImGui::SetNextItemWidth(width * 0.22f);
    int quality = int(s.quality);
    ImGui::Combo("Quality", &quality, "Smaller\0Balanced\0Sharper\0");
    s.quality = Quality(quality);

    ImGui::SetNextItemWidth(width * 0.5f);
    const std::string current = s.destination.empty() ? "default" : s.destination;
    if (ImGui::BeginCombo("Upload to", current.c_str())) {
        if (ImGui::Selectable("default", s.destination.empty())) s.destination.clear();
        for (const auto& name : destinations_)
            if (ImGui::Selectable(name.c_str(), s.destination == name)) s.destination = name;
        ImGui::EndCombo();
    }
    ImGui::Spacing();

    const std::string record = "Record   (" + pretty_chord(s.record_hotkey) + ")";
    if (big_button(record.c_str(), kRed, kRedHover, width)) app.toggle_recording();
    const std::string react = "Reaction GIF   (" + pretty_chord(s.reaction_hotkey) + ")";
    if (ImGui::Button(react.c_str(), ImVec2(width, 0))) app.react();
    ImGui::TextColored(kMuted, "A reaction GIF is %.0f s of you from the webcam, shared at once.", s.reaction_seconds);
}

}  // namespace clipnote::gui
