#pragma once
// `clipnote` with no arguments: the desktop app (SDL2 + Dear ImGui).
namespace clipnote::gui {

int run_app();

}  // namespace clipnote::gui
