#pragma once
// The normal window: Record, History and Settings screens (Ctrl+1/2/3), the Review screen after
// a video update, messages and a toast. Owns the panels and their per-screen state.
#include <functional>

#include "app/gui/app_controller.h"
#include "app/gui/history_panel.h"
#include "app/gui/record_panel.h"
#include "app/gui/review_panel.h"
#include "app/gui/settings_panel.h"
#include "app/gui/ui_state.h"

namespace clipnote::gui {

class MainWindow {
public:
    explicit MainWindow(std::function<void()> wake) : record_(std::move(wake)) {}
    void draw(AppController& app, const AppView& view, UiState& ui);
    void pause_preview() { record_.pause_preview(); }
    SettingsPanel& settings() { return settings_; }

private:
    void draw_screen_switch(UiState& ui, float width);
    void draw_footer(AppController& app, const AppView& view);

    RecordPanel record_;
    ReviewPanel review_;
    HistoryPanel history_;
    SettingsPanel settings_;
};

}  // namespace clipnote::gui
