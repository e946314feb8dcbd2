// `clipnote toggle | react | pause | cancel`: ask the running desktop app to start/stop a
// recording, make a reaction GIF, pause/resume or cancel (for desktops where the user binds keys
// themselves, e.g. under Wayland). The launcher (app/launcher) answers these before the full program
// loads; they are declared here too, for the help texts.
#include <iostream>

#include "app/cli/commands.h"
#include "app/remote/remote_client.h"

namespace clipnote::cli {

Command add_remote_commands(CLI::App& app) {
    const std::pair<const char*, const char*> commands[] = {
        {"toggle", "Start or stop a recording in the running clipnote app"},
        {"react", "Make a reaction GIF in the running clipnote app"},
        {"pause", "Pause or resume the running app's recording"},
        {"cancel", "Cancel the running app's countdown or recording (nothing is kept)"}};
    std::vector<CLI::App*> subcommands;
    for (const auto& [name, help] : commands) subcommands.push_back(app.add_subcommand(name, help));
    return [subcommands] {
        for (CLI::App* s : subcommands)
            if (s->parsed()) remote::send_command(s->get_name());
        return 0;
    };
}

}  // namespace clipnote::cli
