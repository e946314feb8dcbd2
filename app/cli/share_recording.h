#pragma once
// `clipnote record ... --upload [NAME]`: after a successful recording, note it in the history and,
// when asked, upload it through the queue and print/copy the link.
#include <CLI/CLI.hpp>
#include <filesystem>

#include "app/cli/queued_upload.h"

namespace clipnote::cli {

struct ShareOptions {
    UploadChoice choice;
    CLI::Option* upload = nullptr;  // --upload given (with or without a name)
};

// Adds --upload [NAME], --link-format, --config and --no-clipboard to the record command.
void add_share_options(CLI::App& cmd, ShareOptions& options);

// Called once the recording is saved. Without --upload it only notes the recording in the
// history (a problem with the history is a note, never a failure of the recording). Returns the
// exit code: a failed upload is 1 (the recording is kept and the item stays queued).
int share_recording(const ShareOptions& options, const std::filesystem::path& file, double duration_s);

}  // namespace clipnote::cli
