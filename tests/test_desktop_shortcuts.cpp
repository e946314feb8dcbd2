// The steps and notations clipnote gives for binding its keys by hand on each desktop.
#include <doctest/doctest.h>

#include <cstdlib>

#include "app/gui/hotkeys/desktop_shortcuts.h"
#include "common/error.h"

using namespace clipnote::gui;

TEST_CASE("desktop shortcuts: a chord in GNOME's, sway's and Hyprland's notation") {
    CHECK(gtk_accelerator("ctrl+alt+r") == "<Control><Alt>r");
    CHECK(gtk_accelerator("super+shift+F9") == "<Shift><Super>F9");
    CHECK(sway_keys("ctrl+alt+g") == "Ctrl+Alt+g");
    CHECK(sway_keys("super+F9") == "Mod4+F9");
    CHECK(hyprland_keys("ctrl+alt+g") == "CTRL ALT, g");
    CHECK_THROWS_AS(gtk_accelerator("ctrl+nosuchkey"), clipnote::Error);
}

TEST_CASE("desktop shortcuts: the desktop comes from XDG_CURRENT_DESKTOP's list") {
    const char* saved = std::getenv("XDG_CURRENT_DESKTOP");
    const std::string keep = saved ? saved : "";
    setenv("XDG_CURRENT_DESKTOP", "ubuntu:GNOME", 1);
    CHECK(current_desktop() == DesktopKind::gnome);
    setenv("XDG_CURRENT_DESKTOP", "KDE", 1);
    CHECK(current_desktop() == DesktopKind::kde);
    setenv("XDG_CURRENT_DESKTOP", "sway", 1);
    CHECK(current_desktop() == DesktopKind::sway);
    setenv("XDG_CURRENT_DESKTOP", "Hyprland", 1);
    CHECK(current_desktop() == DesktopKind::hyprland);
    unsetenv("XDG_CURRENT_DESKTOP");
    CHECK(current_desktop() == DesktopKind::other);
    if (saved) setenv("XDG_CURRENT_DESKTOP", keep.c_str(), 1);
}

TEST_CASE("desktop shortcuts: the steps name each command with its keys, in the desktop's own terms") {
    const auto bindings = app_manual_bindings("/opt/clipnote/bin/clipnote", "ctrl+alt+r", "super+shift+g");
    const std::string sway = manual_binding_steps(DesktopKind::sway, bindings);
    CHECK(sway.find("~/.config/sway/config") != std::string::npos);
    CHECK(sway.find("bindsym Ctrl+Alt+r exec /opt/clipnote/bin/clipnote toggle") != std::string::npos);
    CHECK(sway.find("bindsym Shift+Mod4+g exec /opt/clipnote/bin/clipnote react") != std::string::npos);
    const std::string gnome = manual_binding_steps(DesktopKind::gnome, bindings);
    CHECK(gnome.find("Custom Shortcuts") != std::string::npos);
    CHECK(gnome.find("`/opt/clipnote/bin/clipnote toggle`, shortcut Ctrl+Alt+R") != std::string::npos);
    const std::string hypr = manual_binding_steps(DesktopKind::hyprland, bindings);
    CHECK(hypr.find("bind = CTRL ALT, r, exec, /opt/clipnote/bin/clipnote toggle") != std::string::npos);
    CHECK(manual_binding_steps(DesktopKind::kde, bindings).find("Command or Script") != std::string::npos);
    CHECK(gnome_custom_shortcut_path("record") == "/org/gnome/settings-daemon/plugins/media-keys/custom-keybindings/clipnote-record/");
}
