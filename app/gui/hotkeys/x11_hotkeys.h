#pragma once
// System-wide hotkeys on X11: XGrabKey on the root window, once per lock-key combination
// (NumLock, CapsLock) so a chord works whatever their state. A chord another client already
// grabbed is reported (BadAccess), not silently lost. A thread waits on the X connection and
// calls back on each press.
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "app/gui/hotkeys/chord.h"
#include "app/gui/hotkeys/hotkey_backend.h"

namespace clipnote::gui {

class X11Hotkeys final : public HotkeyBackend {
public:
    // Opens its own connection to `display`; throws Error when it cannot.
    explicit X11Hotkeys(const std::string& display);
    ~X11Hotkeys() override;
    X11Hotkeys(const X11Hotkeys&) = delete;
    X11Hotkeys& operator=(const X11Hotkeys&) = delete;

    std::string name() const override { return "X11 (XGrabKey)"; }
    std::vector<HotkeyProblem> bind_all(const std::vector<HotkeyRequest>& wanted) override;
    void start(std::function<void(int id)> on_press, std::function<void()> on_changed) override;
    std::string assigned(int id) const override;

private:
    // Grabs `chord`. Returns "" or why not (e.g. "ctrl+alt+r is taken by another program ...").
    std::string add(int id, const Chord& chord);
    void run();

    struct Impl;
    Impl* impl_;
    std::function<void(int)> on_press_;
    std::thread thread_;
    int wake_pipe_[2] = {-1, -1};
};

}  // namespace clipnote::gui
