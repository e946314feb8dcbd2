#include "app/gui/tray/tray_menu.h"

namespace clipnote::gui {
namespace {

int id_of(TrayAction a) { return int(a) + 1; }

}  // namespace

TrayLook tray_look(TrayState state) {
    switch (state) {
        case TrayState::recording: return {"media-record", "NeedsAttention", "clipnote: recording"};
        case TrayState::paused: return {"media-playback-pause", "NeedsAttention", "clipnote: paused"};
        case TrayState::busy: return {"document-send", "Active", "clipnote: finishing and sharing"};
        case TrayState::idle: break;
    }
    return {"clipnote", "Active", "clipnote: ready to record"};
}

std::vector<TrayItem> tray_menu(TrayState state) {
    const bool running = state == TrayState::recording || state == TrayState::paused;
    return {
        {id_of(TrayAction::record), TrayAction::record, running ? "Stop" : "Record", state != TrayState::busy, false},
        {id_of(TrayAction::reaction), TrayAction::reaction, "Reaction GIF", state == TrayState::idle, false},
        {id_of(TrayAction::pause), TrayAction::pause, state == TrayState::paused ? "Resume" : "Pause", running, false},
        {id_of(TrayAction::open), TrayAction::open, "Open clipnote", true, true},
        {id_of(TrayAction::history), TrayAction::history, "History", true, false},
        {id_of(TrayAction::quit), TrayAction::quit, "Quit", true, true},
    };
}

bool tray_action_of(int id, TrayAction& action) {
    if (id < id_of(TrayAction::record) || id > id_of(TrayAction::quit)) return false;
    action = TrayAction(id - 1);
    return true;
}

}  // namespace clipnote::gui
