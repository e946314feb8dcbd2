#pragma once
// Hands a file or folder to the desktop (xdg-open), without waiting for it and without leaving
// a zombie behind.
#include <string>

namespace clipnote::gui {

// Returns "" or why it could not start.
std::string open_with_desktop(const std::string& path);

}  // namespace clipnote::gui
