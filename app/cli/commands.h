#pragma once
// The `clipnote` subcommands. Each registers its options on the CLI11 app and runs when chosen;
// `run` returns the process exit code.
#include <CLI/CLI.hpp>
#include <functional>

namespace clipnote::cli {

using Command = std::function<int()>;

Command add_record_command(CLI::App& app);
Command add_export_command(CLI::App& app);
Command add_devices_command(CLI::App& app);
Command add_upload_command(CLI::App& app);
Command add_destinations_command(CLI::App& app);
Command add_history_command(CLI::App& app);
Command add_queue_command(CLI::App& app);
Command add_hotkeys_command(CLI::App& app);
// Registers both "toggle" and "react"; the command runs whichever was given.
Command add_remote_commands(CLI::App& app);

}  // namespace clipnote::cli
