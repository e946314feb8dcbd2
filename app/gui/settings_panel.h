#pragma once
// The Settings screen: capture sources, hotkeys (press a chord to set one), formats, quality,
// countdown and reaction length, paths, and the upload destinations (add, edit as TOML, test,
// remove, import a ShareX .sxcu). App settings are saved by the main loop when they change;
// destination edits are written here, after the whole file was checked.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/gui/app_controller.h"
#include "app/gui/background_worker.h"
#include "app/gui/ui_state.h"
#include "app/gui/widgets.h"
#include "upload/config.h"

namespace clipnote::gui {

class SettingsPanel {
public:
    void draw(AppController& app, const AppView& view, UiState& ui);
    // A key pressed while a hotkey is being set: returns true when it finished (set or cancelled).
    // `chord` is e.g. "ctrl+alt+r"; "" cancels.
    void chord_pressed(AppController& app, UiState& ui, const std::string& chord);

private:
    GifSizeFieldState gif_size_state_;
    // config.toml as the worker last read it.
    struct ConfigSnapshot {
        std::string stamp;  // file_stamp() it was read at
        upload::Config config;
        std::string error;
        std::vector<std::string> in_file;           // its [destination.NAME] tables, in file order
        std::map<std::string, std::string> tables;  // their text, by NAME (for Edit)
        std::string videos_dir;                     // where recordings go by default
    };
    struct Outcome {
        std::string subject;  // the destination saved, or the .sxcu imported
        std::string text;     // what to show
        bool ok = false;
    };
    // What the worker hands back to the drawing thread.
    struct Inbox {
        Mailbox<ConfigSnapshot> config;
        Mailbox<Outcome> saved, imported;
    };

    void draw_hotkeys(AppController& app, UiState& ui);
    void draw_destinations(AppController& app, const UiState& ui);
    void open_editor(const std::string& name, const std::string& text, bool is_new);
    // Has the worker read config.toml again if it changed since the snapshot the panel has.
    void check_config(const AppSettings& s, const UiState& ui);
    void take_results();
    BackgroundWorker& worker();

    ConfigSnapshot config_;        // the last snapshot
    bool config_loaded_ = false;
    std::string editing_;          // the destination whose TOML is open ("" = none)
    bool editing_new_ = false;
    std::string editor_text_;
    std::string editor_error_;
    int new_kind_ = 0;
    char new_name_[64] = "";
    char sxcu_path_[512] = "";
    std::string import_result_;
    // CLIPNOTE_TRACE: "settings-ready" once shown with config.toml read (destinations drawn).
    bool traced_ready_ = false;
    int last_drawn_frame_ = -1;
    std::shared_ptr<Inbox> inbox_ = std::make_shared<Inbox>();
    std::unique_ptr<BackgroundWorker> worker_;  // last: joined before the rest goes
};

}  // namespace clipnote::gui
