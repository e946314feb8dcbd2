#pragma once
// Uploading from the command line always goes through the persistent queue: enqueue, run with a
// progress line (Ctrl-C cancels), print the link and put it on the clipboard. A failure leaves
// the item queued and says how to resume it. Used by `upload`, `record --upload` and `queue`.
#include <cstdint>
#include <filesystem>
#include <string>

#include "upload/config.h"
#include "upload/destination.h"
#include "upload/library/upload_queue.h"

namespace clipnote::cli {

struct UploadChoice {
    std::string config;  // --config, empty: the default file
    std::string to;      // destination name, empty: the config's default
    std::string title;   // empty: the file name
    std::string link_format = "url";  // upload/desktop/link_format.h: url (the page), video, markdown…
    bool no_clipboard = false;
};

// Runs one queue item with a progress line on a terminal; Ctrl-C/SIGTERM cancel the transfer
// (the item stays queued). Rethrows the queue's Error.
upload::UploadResult run_queue_item(upload::UploadQueue& queue, std::int64_t id);

// Resumes the items a crashed or killed clipnote left behind (pending, or "uploading" with no
// process on them), and failed ones too when `include_failed`. Prints one line per item on
// stderr (links also on stdout when asked); returns how many failed. `skip` is not run (the caller runs it itself).
int resume_queue(upload::UploadQueue& queue, upload::HistoryStore& store, bool include_failed, std::int64_t skip = 0,
                 bool links_on_stdout = false);

// Enqueues `file`, resumes leftovers, uploads it, prints the link on stdout and copies it.
// Throws Error (naming the queue item and `clipnote queue --retry`) when the upload fails.
int upload_via_queue(const std::filesystem::path& file, const UploadChoice& choice, double duration_s = 0);

// The link the choice's format asks for: `media_url` (the video's own) for "video" when there is
// one, else `url` (the share page, or the file's link when it has no page).
std::string chosen_link(const UploadChoice& choice, const std::string& url, const std::string& media_url);
// Puts `link` on the clipboard as the choice's format shapes it (with its text/html twin) and
// says so on stderr; `done` ends that line ("Link copied to the clipboard" + done).
void copy_link(const std::string& link, const std::string& title, const UploadChoice& choice,
               const std::string& done = "");
// Prints the chosen link on stdout and copies it.
void share_link(const std::string& url, const std::string& media_url, const std::string& title,
                const UploadChoice& choice);

// For a presigned link: "note: the link is presigned; it works until 2026-12-07 09:00 UTC
// (expires = 7d; link = \"public\" makes links that last)", counted from now. "" otherwise.
std::string link_expiry_note(const upload::DestinationConfig& destination);

}  // namespace clipnote::cli
