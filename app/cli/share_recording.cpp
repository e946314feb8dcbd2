#include "app/cli/share_recording.h"

#include <iostream>

#include "upload/library/history_store.h"

namespace fs = std::filesystem;

namespace clipnote::cli {

void add_share_options(CLI::App& cmd, ShareOptions& o) {
    o.upload = cmd.add_option("--upload", o.choice.to,
                              "After recording, upload to this destination (default: the config's default) "
                              "and copy the link")
                   ->expected(0, 1);
    cmd.add_option("--link-format", o.choice.link_format,
                   "Link format: url (the share page where there is one), video (the file itself), markdown, slack, "
                   "html");
    cmd.add_option("--config", o.choice.config,
                   "Config file for --upload (default: $XDG_CONFIG_HOME/clipnote/config.toml)");
    cmd.add_flag("--no-clipboard", o.choice.no_clipboard, "With --upload: do not touch the clipboard");
}

int share_recording(const ShareOptions& o, const fs::path& file, double duration_s) {
    if (o.upload == nullptr || o.upload->count() == 0) {
        try {
            upload::HistoryStore().add_recording(file, duration_s);
        } catch (const std::exception& e) {
            std::cerr << "note: the recording is not in the history: " << e.what() << "\n";
        }
        return 0;
    }
    try {
        return upload_via_queue(file, o.choice, duration_s);
    } catch (const std::exception& e) {
        std::cerr << "clipnote: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace clipnote::cli
