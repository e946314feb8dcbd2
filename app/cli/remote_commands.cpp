// `clipnote toggle` and `clipnote react`: ask the running desktop app to start/stop a recording
// or make a reaction GIF (for desktops where the user binds keys themselves).
#include <iostream>

#include "app/cli/commands.h"
#include "app/gui/remote_control.h"

namespace clipnote::cli {

Command add_remote_commands(CLI::App& app) {
    auto* toggle = app.add_subcommand("toggle", "Start or stop a recording in the running clipnote app");
    auto* react = app.add_subcommand("react", "Make a reaction GIF in the running clipnote app");
    return [toggle, react] {
        gui::send_remote_command(toggle->parsed() ? "toggle" : "react");
        (void)react;
        return 0;
    };
}

}  // namespace clipnote::cli
