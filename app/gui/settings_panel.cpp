#include "app/gui/settings_panel.h"

#include "app/gui/hotkeys/desktop_shortcuts.h"
#include "app/remote/remote_client.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <filesystem>

#include "app/gui/config_file.h"
#include "app/gui/desktop_open.h"
#include "app/gui/hotkeys/chord.h"
#include "app/gui/hotkeys/desktop_shortcuts.h"
#include "app/remote/remote_client.h"
#include "app/gui/widgets.h"
#include "capture/screen_backend.h"
#include "common/trace.h"
#include "encode/output_paths.h"
#include "upload/config.h"
#include "upload/destination_factory.h"
#include "upload/library/history_store.h"
#include "upload/sxcu/sxcu_import.h"

namespace clipnote::gui {

namespace fs = std::filesystem;

namespace {

const char* const kKinds[] = {"s3", "webdav", "local", "discord", "slack", "webhook"};

// A starting point for a new destination of `kind`: every required key, secrets as *_env.
std::string destination_template(const std::string& name, const std::string& kind) {
    std::string t = "[destination." + name + "]\nkind = \"" + kind + "\"\n";
    if (kind == "s3")
        t += "endpoint = \"https://s3.eu-central-1.amazonaws.com\"\nregion = \"eu-central-1\"\nbucket = \"recordings\"\n"
             "prefix = \"clips/\"\naccess_key_env = \"CLIPNOTE_S3_KEY\"\nsecret_key_env = \"CLIPNOTE_S3_SECRET\"\n"
             "link = \"presigned\"\nexpires = \"7d\"\n";
    else if (kind == "webdav")
        t += "url = \"https://dav.example.com/clips/\"\nusername = \"me\"\npassword_env = \"CLIPNOTE_DAV_PASSWORD\"\n";
    else if (kind == "local")
        t += "folder = \"" + (upload::data_dir() / "uploads").string() + "\"\n";
    else if (kind == "discord")
        t += "url_env = \"CLIPNOTE_DISCORD_WEBHOOK\"\n";
    else if (kind == "slack")
        t += "token_env = \"CLIPNOTE_SLACK_TOKEN\"\nchannel_id = \"C0123456789\"\n";
    else if (kind == "webhook")
        t += "format = \"slack\"   # or \"mattermost\", \"teams\"\nurl_env = \"CLIPNOTE_CHAT_WEBHOOK\"\n"
             "upload_to = \"team\"  # the destination that stores the file\n";
    return t;
}

bool input_path(const char* label, std::string& value, const char* placeholder) {
    return ImGui::InputTextWithHint(label, placeholder, &value);
}

}  // namespace

void SettingsPanel::chord_pressed(AppController& app, UiState& ui, const std::string& chord) {
    if (!chord.empty()) {
        try {
            parse_chord(chord);  // a key X knows
            std::string& target =
                ui.capturing_hotkey == kRecordHotkey ? app.settings().record_hotkey : app.settings().reaction_hotkey;
            target = chord;
        } catch (const std::exception& e) {
            app.add_message(e.what());
        }
    }
    ui.capturing_hotkey = kNoHotkey;
    ui.regrab_hotkeys = true;
}

void SettingsPanel::draw_hotkeys(AppController& app, UiState& ui) {
    AppSettings& s = app.settings();
    const struct {
        int id;
        const char* label;
        std::string* chord;
    } rows[] = {{kRecordHotkey, "Start / stop recording", &s.record_hotkey},
                {kReactionHotkey, "Reaction GIF", &s.reaction_hotkey}};
    for (const auto& r : rows) {
        ImGui::PushID(r.id);
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(r.label);
        ImGui::SameLine(ImGui::GetFontSize() * 11);
        if (ui.capturing_hotkey == r.id) {
            ImGui::TextColored(kBlue, "Press the new keys...  (Esc keeps %s)", pretty_chord(*r.chord).c_str());
        } else {
            ImGui::Text("%s", pretty_chord(*r.chord).c_str());
            ImGui::SameLine();
            if (ImGui::SmallButton("Change") && ui.capturing_hotkey == kNoHotkey) {
                ui.capturing_hotkey = r.id;
                trace_event("waiting-for-chord");
            }
        }
        // A desktop portal may give other keys than the ones asked for: show what it gave.
        const std::string& given = ui.hotkey_assigned[r.id];
        if (!given.empty() && ui.hotkeys_via != "X11 (XGrabKey)") {
            ImGui::SameLine();
            ImGui::TextColored(kMuted, "(desktop: %s)", given.c_str());
        }
        if (!ui.hotkey_problem[r.id].empty()) ImGui::TextColored(kWarning, "%s", ui.hotkey_problem[r.id].c_str());
        ImGui::PopID();
    }
    if (!ui.hotkeys_unavailable.empty()) ImGui::TextWrapped("%s", ui.hotkeys_unavailable.c_str());
    if (!ui.hotkey_steps.empty()) ImGui::TextUnformatted(ui.hotkey_steps.c_str());
    if (ui.can_add_to_gnome && ImGui::Button("Add them to GNOME's keyboard shortcuts"))
        app.add_gnome_shortcuts(app_manual_bindings(remote::launcher_command(), s.record_hotkey, s.reaction_hotkey));
    ImGui::PushStyleColor(ImGuiCol_Text, kMuted);
    if (!ui.hotkeys_via.empty()) ImGui::Text("Hotkeys through: %s", ui.hotkeys_via.c_str());
    ImGui::TextWrapped("Esc cancels in the recording indicator. Commands for your own key bindings: "
                       "`clipnote toggle`, `clipnote react`, `clipnote pause`, `clipnote cancel`.");
    ImGui::PopStyleColor();
}

void SettingsPanel::open_editor(const std::string& name, const std::string& text, bool is_new) {
    editing_ = name;
    editing_new_ = is_new;
    editor_text_ = text;
    editor_error_.clear();
}

BackgroundWorker& SettingsPanel::worker() {
    if (!worker_) worker_ = std::make_unique<BackgroundWorker>();
    return *worker_;
}

void SettingsPanel::check_config(const AppSettings& s, const UiState& ui) {
    // Read and parsed again only when the file changed, not on every frame; on the worker, so
    // a slow disk never holds up a frame.
    worker().post_latest("config", [inbox = inbox_, wake = ui.wake, path = s.config_path, loaded = config_loaded_,
                                    known = config_.stamp] {
        const std::string stamp = file_stamp(path);
        if (loaded && stamp == known) return;
        ConfigSnapshot snapshot;
        snapshot.stamp = stamp;
        try {
            snapshot.config = upload::load_config_or_default(path);
        } catch (const std::exception& e) {
            snapshot.config = {};
            snapshot.error = e.what();
        }
        try {
            const ConfigFile file(path);
            snapshot.in_file = file.destination_names();
            for (const auto& name : snapshot.in_file) snapshot.tables[name] = file.table("destination." + name);
        } catch (const std::exception& e) {
            if (snapshot.error.empty()) snapshot.error = e.what();
        }
        snapshot.videos_dir = videos_directory();
        inbox->config.put(std::move(snapshot));
        if (wake) wake();
    });
}

void SettingsPanel::take_results() {
    if (auto snapshot = inbox_->config.take()) {
        config_ = std::move(*snapshot);
        config_loaded_ = true;
    }
    if (auto saved = inbox_->saved.take(); saved && saved->subject == editing_) {
        if (saved->ok) editing_.clear();
        else editor_error_ = saved->text;
    }
    if (auto imported = inbox_->imported.take()) {
        import_result_ = imported->text;
        if (imported->ok && imported->subject == sxcu_path_) sxcu_path_[0] = '\0';
    }
}

void SettingsPanel::draw_destinations(AppController& app, const UiState& ui) {
    AppSettings& s = app.settings();
    if (!config_loaded_) return;  // the first read is on its way
    const upload::Config& config = config_.config;
    const auto& in_file = config_.in_file;
    if (!config_.error.empty()) ImGui::TextColored(kWarning, "%s", config_.error.c_str());
    const std::string sharing_to = s.destination.empty() ? config.default_name : s.destination;
    for (const auto& d : config.destinations) {
        ImGui::PushID(d.name.c_str());
        ImGui::TextUnformatted(d.name.c_str());
        if (d.name == sharing_to) {
            ImGui::SameLine();
            ImGui::TextColored(kGreen, "shares here");
        }
        ImGui::SameLine();
        if (ImGui::SmallButton("Test")) app.test_destination(d.name);
        if (d.name != sharing_to) {
            ImGui::SameLine();
            if (ImGui::SmallButton("Use")) s.destination = d.name;
        }
        if (std::find(in_file.begin(), in_file.end(), d.name) != in_file.end()) {
            ImGui::SameLine();
            if (ImGui::SmallButton("Edit")) open_editor(d.name, config_.tables.at(d.name), false);
        }
        ImGui::PushStyleColor(ImGuiCol_Text, kMuted);
        ImGui::TextWrapped("%s", upload::describe_destination(d).c_str());
        ImGui::PopStyleColor();
        ImGui::PopID();
    }
    if (config.path.empty())
        ImGui::TextColored(kMuted, "No config file yet: recordings go to a local folder (%s).",
                           (upload::data_dir() / "uploads").c_str());

    // Add one.
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    ImGui::Combo("##kind", &new_kind_, kKinds, IM_ARRAYSIZE(kKinds));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    ImGui::InputTextWithHint("##name", "name", new_name_, sizeof new_name_);
    ImGui::SameLine();
    if (ImGui::Button("Add destination")) {
        const std::string name = new_name_;
        const auto& taken = in_file;
        if (name.empty() || name.find_first_of(" .[]\"'") != std::string::npos)
            app.add_message("a destination name is one word of letters, digits, - or _");
        else if (std::find(taken.begin(), taken.end(), name) != taken.end())
            app.add_message("there is already a destination \"" + name + "\": Edit it, or pick another name");
        else
            open_editor(name, destination_template(name, kKinds[new_kind_]), true);
    }

    // Import a ShareX custom uploader.
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize("Import .sxcu").x -
                            ImGui::GetStyle().FramePadding.x * 4);
    ImGui::InputTextWithHint("##sxcu", "path of a ShareX .sxcu file", sxcu_path_, sizeof sxcu_path_);
    ImGui::SameLine();
    if (ImGui::Button("Import .sxcu")) {
        worker().post([inbox = inbox_, wake = ui.wake, file = std::string(sxcu_path_), path = s.config_path] {
            Outcome outcome{file, "", false};
            try {
                const upload::SxcuImport r = upload::import_sxcu(file, path, "");
                outcome.text = "imported \"" + r.name + "\"";
                outcome.ok = true;
            } catch (const std::exception& e) {
                outcome.text = e.what();
            }
            inbox->imported.put(std::move(outcome));
            if (wake) wake();
        });
    }
    if (!import_result_.empty()) ImGui::TextColored(kMuted, "%s", import_result_.c_str());

    // The TOML editor for one destination.
    if (!editing_.empty()) {
        ImGui::Separator();
        ImGui::Text("%s destination \"%s\"", editing_new_ ? "New" : "Edit", editing_.c_str());
        ImGui::TextColored(kMuted, "Secrets: use *_env (a variable) or *_file (a 0600 file), never the secret itself.");
        ImGui::InputTextMultiline("##toml", &editor_text_,
                                  ImVec2(-1, ImGui::GetTextLineHeight() * 11), ImGuiInputTextFlags_AllowTabInput);
        if (!editor_error_.empty()) ImGui::TextColored(kWarning, "%s", editor_error_.c_str());
        // Written on the worker; the editor closes (or shows why not) when that is done.
        auto write = [&](const std::string& text) {
            worker().post([inbox = inbox_, wake = ui.wake, &app, path = s.config_path, name = editing_, text] {
                Outcome outcome{name, "", false};
                try {
                    ConfigFile file(path);
                    file.set_table("destination." + name, text);
                    file.save();
                    app.show_toast("Saved " + path.filename().string());
                    outcome.ok = true;
                } catch (const std::exception& e) {
                    outcome.text = e.what();
                }
                inbox->saved.put(std::move(outcome));
                if (wake) wake();
            });
        };
        if (ImGui::Button("Save")) write(editor_text_);
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) editing_.clear();
        if (!editing_new_ && !editing_.empty()) {
            ImGui::SameLine();
            if (ImGui::Button("Remove this destination")) {
                if (s.destination == editing_) s.destination.clear();
                write("");
            }
        }
    }
}

void SettingsPanel::draw(AppController& app, const AppView& view, UiState& ui) {
    (void)view;
    AppSettings& s = app.settings();
    const float field = ImGui::GetContentRegionAvail().x * 0.6f;
    take_results();
    check_config(s, ui);
    if (ImGui::GetFrameCount() != last_drawn_frame_ + 1) traced_ready_ = false;  // shown again
    last_drawn_frame_ = ImGui::GetFrameCount();
    if (config_loaded_ && !traced_ready_) {
        traced_ready_ = true;
        trace_event("settings-ready");
    }

    if (ImGui::CollapsingHeader("Hotkeys", ImGuiTreeNodeFlags_DefaultOpen)) draw_hotkeys(app, ui);

    if (ImGui::CollapsingHeader("Recording", ImGuiTreeNodeFlags_DefaultOpen)) {
        ImGui::SetNextItemWidth(field);
        ImGui::SliderInt("Countdown", &s.countdown_seconds, 0, 10, s.countdown_seconds ? "%d s" : "none");
        ImGui::SetNextItemWidth(field);
        float reaction = float(s.reaction_seconds);
        if (ImGui::SliderFloat("Reaction GIF length", &reaction, 1.0f, 10.0f, "%.0f s")) s.reaction_seconds = std::round(reaction);
        int fps_choice = s.fps <= 15 ? 0 : s.fps <= 24 ? 1 : s.fps <= 30 ? 2 : 3;
        ImGui::SetNextItemWidth(field);
        if (ImGui::Combo("Frame rate", &fps_choice, "15 fps\0" "24 fps\0" "30 fps\0" "60 fps\0"))
            s.fps = (int[]){15, 24, 30, 60}[fps_choice];
        int quality = int(s.quality);
        ImGui::SetNextItemWidth(field);
        ImGui::Combo("Video quality", &quality, "Smaller file (CRF 28)\0Balanced (CRF 23)\0Sharper (CRF 18)\0");
        s.quality = Quality(quality);
        int format = int(s.share_as);
        ImGui::SetNextItemWidth(field);
        ImGui::Combo("Share video updates as", &format, "MP4 video\0GIF\0Animated WebP\0");
        s.share_as = ShareFormat(format);
        ImGui::SetNextItemWidth(field);
        ImGui::SliderInt("GIF and WebP width", &s.gif_width, 240, 1280, "%d px");
        gif_size_field("GIF size limit", s.gif_max_size, gif_size_state_, field);
        ImGui::Checkbox("Dither GIFs", &s.gif_dither);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Smoother gradients and skin tones, in a pattern that stays still from frame to frame;\n"
                              "the GIF is larger (a camera clip about 1.3x) and less like the source pixel for pixel.");
        ImGui::Checkbox("Review before sharing", &s.review);
        ImGui::SameLine(0, 24);
        ImGui::Checkbox("Live camera preview and meters", &s.live_preview);
        ImGui::Checkbox("Show the indicator even where it would be recorded", &s.indicator_in_recordings);
        ImGui::Checkbox("Highlight mouse clicks", &s.click_highlight);
        if (choose_screen_backend().format == "portal") hint("(X11 only: the portal does not report clicks)");
        ImGui::Checkbox("Start at login", &s.start_at_login);
        ImGui::SameLine(0, 24);
        ImGui::Checkbox("Close to tray", &s.close_to_tray);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Closing the window hides it while a tray shows clipnote's icon; Quit is in its menu.");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Off: in a full-screen recording the indicator moves to a monitor that is not recorded,\n"
                              "or hides (the record hotkey stops; a notification says so).");
    }

    if (ImGui::CollapsingHeader("Sources")) {
        ImGui::TextColored(kMuted, "FORMAT:URL of any FFmpeg input; empty uses the default. See `clipnote devices`.");
        ImGui::SetNextItemWidth(field);
        input_path("Screen", s.screen, "x11grab of $DISPLAY");
        ImGui::SetNextItemWidth(field);
        input_path("Camera", s.camera, "v4l2:/dev/video0");
        ImGui::SetNextItemWidth(field);
        input_path("Microphone", s.mic, "pulse:default");
        ImGui::SetNextItemWidth(field);
        input_path("System audio", s.system_audio_source, "the default output's monitor");
    }

    if (ImGui::CollapsingHeader("Destinations", ImGuiTreeNodeFlags_DefaultOpen)) draw_destinations(app, ui);

    if (ImGui::CollapsingHeader("Paths")) {
        ImGui::SetNextItemWidth(field);
        input_path("Recordings folder", s.recordings_dir, (fs::path(config_.videos_dir) / "clipnote").c_str());
        ImGui::SameLine();
        if (ImGui::SmallButton("Open##recordings")) {
            worker().post([&app, recordings = s.recordings_dir] {
                const std::string folder =
                    recordings.empty() ? (fs::path(videos_directory()) / "clipnote").string() : recordings;
                std::error_code ec;
                fs::create_directories(folder, ec);
                if (ec) app.add_message("cannot create " + folder + ": " + ec.message());
                else if (auto problem = open_with_desktop(folder); !problem.empty()) app.add_message(problem);
            });
        }
        ImGui::Text("Settings   %s", s.config_path.c_str());
        ImGui::SameLine();
        if (ImGui::SmallButton("Open##config"))
            worker().post([folder = s.config_path.parent_path().string()] { open_with_desktop(folder); });
        ImGui::Text("History    %s", upload::HistoryStore::default_path().c_str());
    }
}

}  // namespace clipnote::gui
