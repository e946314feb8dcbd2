#include "app/gui/hotkeys/app_hotkeys.h"

namespace clipnote::gui {

std::vector<HotkeyRequest> app_hotkey_requests(const AppSettings& settings) {
    return {{kRecordHotkey, "Start / stop recording", settings.record_hotkey, "record"},
            {kReactionHotkey, "Reaction GIF", settings.reaction_hotkey, "reaction"}};
}

std::vector<HotkeyProblem> bind_app_hotkeys(HotkeyBackend& backend, const AppSettings& settings, UiState& ui,
                                            std::function<void(int id)> on_press, std::function<void()> on_changed) {
    ui.hotkey_problem[kRecordHotkey].clear();
    ui.hotkey_problem[kReactionHotkey].clear();
    std::vector<HotkeyProblem> problems = backend.bind_all(app_hotkey_requests(settings));
    for (const auto& p : problems)
        if (p.id > kNoHotkey && p.id <= kReactionHotkey) ui.hotkey_problem[p.id] = p.text;
    backend.start(std::move(on_press), std::move(on_changed));
    return problems;
}

}  // namespace clipnote::gui
