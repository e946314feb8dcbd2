#pragma once
// Where recordings go when the user does not say: $XDG_VIDEOS_DIR/clipnote/<date-time>.<ext>.
#include <string>

namespace clipnote {

// $XDG_VIDEOS_DIR, else the XDG_VIDEOS_DIR line of ~/.config/user-dirs.dirs, else ~/Videos.
std::string videos_directory();
// A new file name in videos_directory()/clipnote (created), e.g. 2026-11-22_14-03-05.mp4.
std::string default_recording_path(const std::string& extension);
// Throws Error("cannot write <path>: ...") unless the file's folder exists (it is created) and is
// writable, so a bad -o fails before anything is recorded.
void ensure_writable(const std::string& path);

}  // namespace clipnote
