#pragma once
// System-wide hotkeys behind one small interface, so the app does not care who delivers them:
// today X11 (XGrabKey, x11_hotkeys.h); a desktop portal (org.freedesktop.portal.GlobalShortcuts)
// fits the same shape: it binds every shortcut in one call, the desktop may assign other
// triggers than the ones asked for, and it reports them later (on_changed, then assigned()).
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace clipnote::gui {

struct HotkeyRequest {
    int id = 0;
    std::string description;  // what it does, for a desktop that shows the list ("Start / stop recording")
    std::string chord;        // the preferred trigger, e.g. "ctrl+alt+r"
    std::string name;         // a stable id for desktops that keep a list ("record"); "" = from id
};

struct HotkeyProblem {
    int id = 0;
    std::string text;  // e.g. "ctrl+alt+r is taken by another program (BadAccess): pick another in Settings"
};

class HotkeyBackend {
public:
    virtual ~HotkeyBackend() = default;
    // Who delivers the hotkeys, e.g. "X11 (XGrabKey)".
    virtual std::string name() const = 0;
    // Binds every hotkey in one call, once, before start(). Returns the ones that could not be
    // bound, in request order (a backend that learns it later reports through on_changed).
    virtual std::vector<HotkeyProblem> bind_all(const std::vector<HotkeyRequest>& wanted) = 0;
    // From now on `on_press(id)` runs on the backend's own thread for each press, and
    // `on_changed()` (may be empty) whenever assigned() changed after bind_all returned.
    virtual void start(std::function<void(int id)> on_press, std::function<void()> on_changed) = 0;
    // The trigger the desktop actually gave `id` (chord text), "" when none.
    virtual std::string assigned(int id) const = 0;
};

struct OpenedHotkeys {
    std::unique_ptr<HotkeyBackend> backend;  // null when there is none
    std::string why_not;                     // one line, when there is none
    bool bind_by_hand = false;               // none can exist here: the user binds `clipnote toggle` etc.
};

// What a desktop without a hotkey backend needs the user to do (ends the why_not line).
extern const char* const kBindByHand;

// The backend for this session: in a Wayland session the GlobalShortcuts portal (none, with the
// commands to bind by hand, where the desktop lacks it); otherwise X11 on `display`.
OpenedHotkeys open_hotkey_backend(const std::string& display);

}  // namespace clipnote::gui
