#pragma once
// What the window's panels share besides the controller's view: which screen is in front and
// requests that the main loop carries out (the region overlay, re-grabbing the hotkeys).
#include <functional>
#include <string>

namespace clipnote::gui {

enum class Screen { record, history, settings };
enum HotkeyId { kNoHotkey = 0, kRecordHotkey = 1, kReactionHotkey = 2 };
// What `clipnote pause` / `clipnote cancel` ask for, delivered like the hotkeys.
enum RemoteId { kPauseCommand = 3, kCancelCommand = 4, kShowWindow = 5, kShowHistory = 6, kQuitCommand = 7 };

struct UiState {
    Screen screen = Screen::record;
    bool select_region = false;    // Record asked for the region overlay
    int capturing_hotkey = kNoHotkey;  // Settings waits for a chord to become this hotkey
    bool regrab_hotkeys = false;   // the hotkey settings changed
    std::string hotkey_problem[3];  // why a hotkey could not be grabbed, by HotkeyId
    std::string hotkey_assigned[3]; // the trigger the desktop gave it ("" = as asked / unknown)
    std::string hotkeys_via;        // the hotkey backend, e.g. "X11 (XGrabKey)"
    std::string hotkeys_unavailable;  // one line when there is no backend, with what to do instead
    std::string hotkey_steps;       // without a backend: how to bind the keys on this desktop
    bool can_add_to_gnome = false;  // GNOME with its custom-shortcut settings: offer to add them
    bool animating = false;        // a panel wants the next frame soon (video playing)
    bool focused = true;           // someone is using the window (keyboard or pointer on it)
    std::function<void()> wake;    // redraws the window; callable from any thread (background loads)
};

}  // namespace clipnote::gui
