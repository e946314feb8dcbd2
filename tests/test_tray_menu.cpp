// The tray icon's menu and look per state (app/gui/tray/tray_menu.h).
#include <doctest/doctest.h>

#include <stdexcept>

#include "app/gui/tray/tray_menu.h"

using namespace clipnote::gui;

namespace {

const TrayItem& item(const std::vector<TrayItem>& menu, TrayAction action) {
    for (const TrayItem& i : menu)
        if (i.action == action) return i;
    throw std::runtime_error("no such item");
}

}  // namespace

TEST_CASE("tray menu: Record becomes Stop while recording, Pause only then, nothing new while busy") {
    const auto idle = tray_menu(TrayState::idle);
    CHECK(idle.size() == 6);
    CHECK(item(idle, TrayAction::record).label == "Record");
    CHECK(item(idle, TrayAction::reaction).enabled);
    CHECK_FALSE(item(idle, TrayAction::pause).enabled);

    const auto recording = tray_menu(TrayState::recording);
    CHECK(item(recording, TrayAction::record).label == "Stop");
    CHECK(item(recording, TrayAction::pause).label == "Pause");
    CHECK(item(recording, TrayAction::pause).enabled);
    CHECK_FALSE(item(recording, TrayAction::reaction).enabled);
    CHECK(item(tray_menu(TrayState::paused), TrayAction::pause).label == "Resume");

    const auto busy = tray_menu(TrayState::busy);
    CHECK_FALSE(item(busy, TrayAction::record).enabled);
    CHECK(item(busy, TrayAction::open).enabled);
    CHECK(item(busy, TrayAction::quit).enabled);
}

TEST_CASE("tray: ids map back to actions; the icon says recording and asks for attention") {
    for (const TrayItem& i : tray_menu(TrayState::idle)) {
        TrayAction a;
        REQUIRE(tray_action_of(i.id, a));
        CHECK(a == i.action);
    }
    TrayAction a;
    CHECK_FALSE(tray_action_of(0, a));    // the root
    CHECK_FALSE(tray_action_of(104, a));  // a separator
    CHECK(tray_look(TrayState::idle).icon_name == "clipnote");
    CHECK(tray_look(TrayState::recording).icon_name == "media-record");
    CHECK(tray_look(TrayState::recording).status == "NeedsAttention");
    CHECK(tray_look(TrayState::busy).status == "Active");
}
