#pragma once
// System-wide hotkeys on X11: XGrabKey on the root window, once per lock-key combination
// (NumLock, CapsLock) so a chord works whatever their state. A chord another client already
// grabbed is reported (BadAccess), not silently lost. A thread waits on the X connection and
// calls back on each press.
#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace clipnote::gui {

struct Chord {
    unsigned int modifiers = 0;  // X modifier mask
    unsigned long keysym = 0;
    std::string text;  // as written, e.g. "ctrl+alt+g"
};

// Parses "ctrl+alt+g", "super+shift+F9"; throws Error for an unknown key or modifier.
Chord parse_chord(const std::string& text);

class GlobalHotkeys {
public:
    // Opens its own connection to `display`; throws Error when it cannot.
    explicit GlobalHotkeys(const std::string& display);
    ~GlobalHotkeys();
    GlobalHotkeys(const GlobalHotkeys&) = delete;
    GlobalHotkeys& operator=(const GlobalHotkeys&) = delete;

    // Grabs `chord`; on a press, `on_press(id)` runs on the hotkey thread. Returns "" or why not
    // (e.g. "ctrl+alt+r is taken by another program").
    std::string add(int id, const Chord& chord);
    void start(std::function<void(int)> on_press);

private:
    void run();

    struct Impl;
    Impl* impl_;
    std::function<void(int)> on_press_;
    std::thread thread_;
    int wake_pipe_[2] = {-1, -1};
};

}  // namespace clipnote::gui
