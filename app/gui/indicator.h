#pragma once
// The small always-on-top indicator the window turns into while counting down and recording:
// elapsed time, pause/resume, stop and cancel (Esc).
#include "app/gui/app_controller.h"

namespace clipnote::gui {

void draw_indicator(AppController& app, const AppView& view);

}  // namespace clipnote::gui
