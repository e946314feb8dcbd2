// `clipnote upload FILE`: send a file to a configured destination through the persistent queue,
// print the link, and put it on the clipboard when there is one. Uploads a crash left behind are
// resumed first; a failed upload stays queued for `clipnote queue --retry`.
#include <filesystem>

#include "app/cli/commands.h"
#include "app/cli/queued_upload.h"
#include "common/error.h"

namespace clipnote::cli {

Command add_upload_command(CLI::App& app) {
    struct Args {
        std::string file;
        UploadChoice choice;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("upload", "Upload a file to a destination and print its link");
    cmd->add_option("FILE", args->file, "The file to upload")->required();
    cmd->add_option("--to", args->choice.to, "Destination name from the config (default: the config's default)");
    cmd->add_option("--title", args->choice.title, "Title for the link (default: the file name)");
    cmd->add_option("--config", args->choice.config, "Config file (default: $XDG_CONFIG_HOME/clipnote/config.toml)");
    cmd->add_option("--link-format,--format", args->choice.link_format,
                    "Link format: url (the share page where there is one), video (the file itself), markdown, slack, html");
    cmd->add_flag("--no-clipboard", args->choice.no_clipboard, "Do not touch the clipboard");
    return [args] {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(args->file, ec))
            throw Error("cannot read " + args->file + ": no such file");
        return upload_via_queue(args->file, args->choice);
    };
}

}  // namespace clipnote::cli
