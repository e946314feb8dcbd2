#pragma once
// Settings → "Start at login": an XDG Autostart entry ($XDG_CONFIG_HOME/autostart/clipnote.desktop)
// that GNOME, KDE, XFCE, Cinnamon and most session managers run at login.
#include <filesystem>
#include <string>

namespace clipnote::gui {

std::filesystem::path autostart_entry_path();

// Writes the entry (starting `command`, the clipnote launcher) when `on`, removes it when not.
// Throws Error naming the file when it cannot.
void apply_start_at_login(bool on, const std::string& command);

}  // namespace clipnote::gui
