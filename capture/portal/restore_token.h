#pragma once
// The ScreenCast portal's restore token, kept in clipnote's state folder
// ($XDG_STATE_HOME/clipnote, default ~/.local/state/clipnote), one per kind of target, so the
// portal's picker appears the first time only. Written 0600: it lets a program skip the prompt.
#include <filesystem>
#include <string>

namespace clipnote {

std::filesystem::path restore_token_path(const std::string& target);  // "monitor", "window", "any"
std::string load_restore_token(const std::string& target);             // "" when none
// Stores `token` ("" removes it). Best effort: a failure only means the picker shows next time.
void save_restore_token(const std::string& target, const std::string& token);

}  // namespace clipnote
