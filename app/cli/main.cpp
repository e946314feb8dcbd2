// clipnote: the command-line shell over the core. Parses the command line, runs one subcommand,
// turns every failure into one line on stderr and a non-zero exit code.
#include <sys/prctl.h>

#include <csignal>
#include <iostream>
#include <map>

#include "app/cli/commands.h"
#include "upload/upload_errors.h"
#include "app/gui/gui_main.h"

extern "C" {
#include <libavutil/log.h>
}

int main(int argc, char** argv) {
    // A full disk or a file-size limit must surface as a write error we report, not kill us.
    std::signal(SIGXFSZ, SIG_IGN);
    std::signal(SIGPIPE, SIG_IGN);
    // x264 asks for transparent huge pages for its frame buffers; on a 2 MB page granularity that
    // costs memory (and page-zeroing time) it never touches. 4 kB pages suit a recorder better.
    prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
    av_log_set_level(std::getenv("CLIPNOTE_DEBUG") ? AV_LOG_VERBOSE : AV_LOG_QUIET);

    CLI::App app{"clipnote: record the screen, the webcam and your voice; share a link."};
    app.set_version_flag("--version", "clipnote 0.1.0");
    // No arguments: the desktop app.
    if (argc == 1) {
        try {
            return clipnote::gui::run_app();
        } catch (const std::exception& e) {
            std::cerr << "clipnote: " << e.what() << "\n";
            return 1;
        }
    }
    app.require_subcommand(1);
    std::map<CLI::App*, clipnote::cli::Command> commands;
    auto add = [&](auto adder, const char* name) {
        auto command = adder(app);
        commands[app.get_subcommand(name)] = command;
    };
    add(clipnote::cli::add_record_command, "record");
    add(clipnote::cli::add_export_command, "export");
    add(clipnote::cli::add_devices_command, "devices");
    add(clipnote::cli::add_upload_command, "upload");
    add(clipnote::cli::add_destinations_command, "destinations");
    add(clipnote::cli::add_history_command, "history");
    add(clipnote::cli::add_queue_command, "queue");
    add(clipnote::cli::add_hotkeys_command, "hotkeys");
    {
        auto remote = clipnote::cli::add_remote_commands(app);
        for (const char* name : {"toggle", "react", "pause", "cancel"}) commands[app.get_subcommand(name)] = remote;
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "clipnote: " << e.what() << " (see clipnote --help)\n";
        return 2;
    }
    for (auto* sub : app.get_subcommands()) {
        try {
            return commands.at(sub)();
        } catch (const clipnote::upload::FileTooLargeError& e) {
            std::cerr << "clipnote: " << e.what() << "\n";
            return 3;  // distinct: a smaller file or another destination is needed, not a retry
        } catch (const std::exception& e) {
            std::cerr << "clipnote: " << e.what() << "\n";
            return 1;
        }
    }
    return 2;
}
