#pragma once
// The client side of the running app's UNIX socket in $XDG_RUNTIME_DIR: `clipnote toggle`,
// `react`, `pause` and `cancel` send one line to it (on desktops where the user binds the keys
// themselves, e.g. sway). Plain POSIX and nothing else, so the launcher that answers a hotkey
// loads no media or GUI library.
#include <string>

namespace clipnote::remote {

// The commands the running app understands from the socket.
bool is_remote_command(const std::string& name);

std::string socket_path();

// Sends one command ("toggle", "react", …) to the running app; throws Error when none listens.
void send_command(const std::string& command);

// How to start the `clipnote` launcher from a key binding: "clipnote" when that name on $PATH is
// the launcher this program was started through ($CLIPNOTE_LAUNCHER), else its absolute path.
std::string launcher_command();

}  // namespace clipnote::remote
