#pragma once
// The app's two hotkeys (record, reaction GIF) on whatever HotkeyBackend the session has.
#include <functional>
#include <vector>

#include "app/gui/app_settings.h"
#include "app/gui/hotkeys/hotkey_backend.h"
#include "app/gui/ui_state.h"

namespace clipnote::gui {

// What the settings ask for: kRecordHotkey and kReactionHotkey with their chords.
std::vector<HotkeyRequest> app_hotkey_requests(const AppSettings& settings);

// Binds the app's hotkeys on `backend` and starts it. Each problem (BadAccess, an unknown key)
// replaces ui.hotkey_problem[id] and is returned, in request order, for the window's messages.
std::vector<HotkeyProblem> bind_app_hotkeys(HotkeyBackend& backend, const AppSettings& settings, UiState& ui,
                                            std::function<void(int id)> on_press, std::function<void()> on_changed);

}  // namespace clipnote::gui
