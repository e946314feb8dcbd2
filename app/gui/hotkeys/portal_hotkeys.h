#pragma once
// Global hotkeys on Wayland through org.freedesktop.portal.GlobalShortcuts (KDE Plasma, GNOME 48+,
// Hyprland): one session, every shortcut bound in one call with the user's chords as preferred
// triggers; the desktop decides the real triggers (it may ask the user) and reports them, and
// signals Activated on a press. Signals are delivered on a thread of our own.
#include <glib.h>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "app/gui/hotkeys/hotkey_backend.h"

namespace clipnote {
class PortalBus;
}

namespace clipnote::gui {

// "ctrl+alt+r" -> "CTRL+ALT+r": the XDG shortcuts trigger syntax the portal takes.
std::string portal_trigger(const std::string& chord_text);

class PortalHotkeys final : public HotkeyBackend {
public:
    // Throws Error when the session bus has no GlobalShortcuts portal.
    PortalHotkeys();
    ~PortalHotkeys() override;
    PortalHotkeys(const PortalHotkeys&) = delete;
    PortalHotkeys& operator=(const PortalHotkeys&) = delete;

    std::string name() const override { return "GlobalShortcuts portal"; }
    std::vector<HotkeyProblem> bind_all(const std::vector<HotkeyRequest>& wanted) override;
    void start(std::function<void(int id)> on_press, std::function<void()> on_changed) override;
    std::string assigned(int id) const override;

private:
    // Takes the (id, {trigger_description}) list the portal reports; true when anything changed.
    bool take_triggers(GVariant* shortcuts);

    std::unique_ptr<PortalBus> bus_;
    std::map<std::string, int> ids_;  // the portal's shortcut id -> ours
    mutable std::mutex mutex_;
    std::map<int, std::string> assigned_;
    std::function<void(int)> on_press_;
    std::function<void()> on_changed_;
    std::thread thread_;
};

}  // namespace clipnote::gui
