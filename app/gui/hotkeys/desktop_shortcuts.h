#pragma once
// Where no program may grab keys (Wayland without a GlobalShortcuts portal: GNOME before 48, sway),
// the user binds `clipnote toggle` / `clipnote react` in the desktop's own settings. This says how,
// for the desktop in use, and on GNOME writes the custom shortcuts itself through GSettings
// (org.gnome.settings-daemon.plugins.media-keys custom-keybindings, GNOME's documented store for
// them, which its Keyboard settings show and edit).
#include <string>
#include <vector>

namespace clipnote::gui {

struct ManualBinding {
    std::string id;       // "record": also names clipnote's GNOME entry ("…/custom-keybindings/clipnote-record/")
    std::string name;     // "clipnote: start / stop recording"
    std::string command;  // "clipnote toggle"
    std::string chord;    // "ctrl+alt+r" (config.toml's form)
};

// clipnote's two bindings with the given chords, commands spelled with `launcher` (the path or
// name that starts the `clipnote` launcher).
std::vector<ManualBinding> app_manual_bindings(const std::string& launcher, const std::string& record_chord,
                                               const std::string& reaction_chord);

enum class DesktopKind { gnome, kde, sway, hyprland, other };
// From XDG_CURRENT_DESKTOP (a colon-separated list, e.g. "ubuntu:GNOME").
DesktopKind current_desktop();

// The steps to add the bindings by hand on `desktop`, a few lines of plain text.
std::string manual_binding_steps(DesktopKind desktop, const std::vector<ManualBinding>& bindings);

// A chord in each desktop's notation: "<Control><Alt>r" (GTK accelerator, GNOME),
// "Ctrl+Alt+r" (sway/i3 bindsym), "CTRL ALT, r" (Hyprland `bind`). Throws Error for a bad chord.
std::string gtk_accelerator(const std::string& chord);
std::string sway_keys(const std::string& chord);
std::string hyprland_keys(const std::string& chord);

// True when GNOME's custom-keybinding schemas are installed (so the bindings can be added here).
bool gnome_custom_shortcuts_supported();

// Adds clipnote's bindings to GNOME's custom shortcuts, or updates them when already there (one
// entry per binding id, other entries untouched). Throws Error when the schemas are missing.
void install_gnome_custom_shortcuts(const std::vector<ManualBinding>& bindings);

// The path of clipnote's entry for `id`, e.g. "/org/gnome/settings-daemon/plugins/media-keys/custom-keybindings/clipnote-record/".
std::string gnome_custom_shortcut_path(const std::string& id);

}  // namespace clipnote::gui
