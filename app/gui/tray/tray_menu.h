#pragma once
// What the tray icon shows and offers in each state of the app: its icon, tooltip and the menu's
// items. Pure data; status_notifier.h puts it on D-Bus.
#include <string>
#include <vector>

namespace clipnote::gui {

enum class TrayState { idle, recording, paused, busy };  // busy: finishing or uploading
enum class TrayAction { record, reaction, pause, open, history, quit };

struct TrayItem {
    int id = 0;  // the dbusmenu id: stable per action (TrayAction + 1), 0 is the root
    TrayAction action = TrayAction::open;
    std::string label;
    bool enabled = true;
    bool separator_before = false;
};

struct TrayLook {
    std::string icon_name;  // a theme icon
    std::string status;     // the SNI Status: "Active", "NeedsAttention" (recording)
    std::string tooltip;
};

TrayLook tray_look(TrayState state);
std::vector<TrayItem> tray_menu(TrayState state);
// The action of a menu item id; false for ids that are not items.
bool tray_action_of(int id, TrayAction& action);

}  // namespace clipnote::gui
