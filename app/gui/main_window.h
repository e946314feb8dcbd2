#pragma once
// Draws the one window of the app from the controller's view and turns clicks into commands.
#include <string>

#include "app/gui/app_controller.h"

namespace clipnote::gui {

void draw_main_window(AppController& app, const AppView& view);

}  // namespace clipnote::gui
