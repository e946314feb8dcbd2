#pragma once
// The Settings screen: capture sources, hotkeys (press a chord to set one), formats, quality,
// countdown and reaction length, paths, and the upload destinations (add, edit as TOML, test,
// remove, import a ShareX .sxcu). App settings are saved by the main loop when they change;
// destination edits are written here, after the whole file was checked.
#include <string>
#include <vector>

#include "app/gui/app_controller.h"
#include "app/gui/ui_state.h"
#include "upload/config.h"

namespace clipnote::gui {

class SettingsPanel {
public:
    void draw(AppController& app, const AppView& view, UiState& ui);
    // A key pressed while a hotkey is being set: returns true when it finished (set or cancelled).
    // `chord` is e.g. "ctrl+alt+r"; "" cancels.
    void chord_pressed(AppController& app, UiState& ui, const std::string& chord);

private:
    void draw_hotkeys(AppController& app, UiState& ui);
    void draw_destinations(AppController& app);
    void open_editor(const std::string& name, const std::string& text, bool is_new);

    upload::Config config_;                // config.toml as last read
    std::string config_stamp_, config_error_;
    bool config_loaded_ = false;
    std::vector<std::string> in_file_;     // its [destination.NAME] tables
    std::string editing_;          // the destination whose TOML is open ("" = none)
    bool editing_new_ = false;
    std::string editor_text_;
    std::string editor_error_;
    int new_kind_ = 0;
    char new_name_[64] = "";
    char sxcu_path_[512] = "";
    std::string import_result_;
};

}  // namespace clipnote::gui
