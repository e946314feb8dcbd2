#pragma once
// clipnote's tray icon: a StatusNotifierItem (org.kde.StatusNotifierItem, which GNOME with the
// AppIndicator extension, KDE, XFCE, Cinnamon and waybar show) with a com.canonical.dbusmenu menu,
// on the session bus from a thread of its own (its own GLib main context). Registers with
// org.kde.StatusNotifierWatcher, again whenever a watcher (a panel) appears. Without a session
// bus there is no icon and the app goes on without one.
#include <functional>
#include <memory>
#include <string>

#include "app/gui/tray/tray_menu.h"

namespace clipnote::gui {

class StatusNotifier {
public:
    // `on_action` runs on the tray's thread: post to the window's thread from there. An `open`
    // action also comes from a left click on the icon (Activate).
    explicit StatusNotifier(std::function<void(TrayAction)> on_action);
    ~StatusNotifier();
    StatusNotifier(const StatusNotifier&) = delete;
    StatusNotifier& operator=(const StatusNotifier&) = delete;

    // Changes the icon, tooltip and menu (and tells the panel). Any thread.
    void set_state(TrayState state);
    // "" when the item is on the bus; else why not ("no session bus: ...").
    std::string problem() const;
    // A panel (an org.kde.StatusNotifierWatcher) took the icon: it is on screen somewhere.
    bool shown() const;

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace clipnote::gui
