// `clipnote devices`: what can be recorded here, named as the other commands take it.
#include <iostream>

#include "app/cli/commands.h"
#include "capture/device_list.h"
#include "capture/screen_backend.h"

namespace clipnote::cli {

Command add_devices_command(CLI::App& app) {
    app.add_subcommand("devices", "List screens, windows, cameras and PulseAudio sources and sinks");
    return [] {
        const ScreenBackend backend = choose_screen_backend();
        std::cout << "screen backend: " << backend.format << "  (" << backend.reason << ")\n\n";
        std::vector<std::string> problems;
        const auto devices = list_devices(problems);
        std::string last_kind;
        for (const auto& d : devices) {
            if (d.kind != last_kind) {
                std::cout << (last_kind.empty() ? "" : "\n") << d.kind << "s:\n";
                last_kind = d.kind;
            }
            std::cout << "  " << (d.is_default ? "* " : "  ") << d.name << "  " << d.description << "\n";
        }
        for (const auto& p : problems) std::cerr << "note: " << p << "\n";
        return 0;
    };
}

}  // namespace clipnote::cli
