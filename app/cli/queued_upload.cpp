#include "app/cli/queued_upload.h"

#include <unistd.h>

#include <atomic>
#include <ctime>
#include <iostream>
#include <thread>

#include "app/cli/stop_signals.h"
#include "app/cli/terminal_progress.h"
#include "app/share/publish_page.h"
#include "common/error.h"
#include "common/trace.h"
#include "upload/desktop/clipboard.h"
#include "upload/desktop/link_format.h"
#include "upload/progress_text.h"
#include "upload/upload_errors.h"

namespace fs = std::filesystem;

namespace clipnote::cli {
namespace {

std::string resume_hint(std::int64_t id) {
    return "it stays queued as #" + std::to_string(id) + "; `clipnote queue --retry` will resume it";
}

}  // namespace

upload::UploadResult run_queue_item(upload::UploadQueue& queue, std::int64_t id) {
    TerminalProgress progress(::isatty(STDERR_FILENO) == 1);
    StopSignals signals;
    std::atomic<bool> done{false};
    std::thread watcher([&] {
        while (!done)
            if (signals.wait(100)) progress.cancel_token().cancel();
    });
    struct Join {
        std::atomic<bool>& done;
        std::thread& watcher;
        TerminalProgress& progress;
        ~Join() {
            done = true;
            watcher.join();
            progress.finish();
        }
    } join{done, watcher, progress};
    try {
        return queue.run(id, progress);
    } catch (const std::exception&) {
        if (progress.cancel_token().cancelled()) throw Error("upload cancelled");
        throw;
    }
}

int resume_queue(upload::UploadQueue& queue, upload::HistoryStore& store, bool include_failed, std::int64_t skip,
                 bool links_on_stdout) {
    int failures = 0;
    for (std::int64_t id : queue.runnable(include_failed)) {
        if (id == skip) continue;
        const auto item = store.item(id);
        if (!item) continue;
        const std::string name = fs::path(item->file).filename().string();
        std::cerr << "Resuming queued upload #" << id << " (" << name << " to " << item->destination << ")\n";
        try {
            const upload::UploadResult r = run_queue_item(queue, id);
            std::cerr << "Uploaded " << name << " (" << upload::format_size(r.bytes) << ") to " << item->destination
                      << ": " << r.url << "\n";
            if (links_on_stdout) std::cout << r.url << "\n" << std::flush;
        } catch (const std::exception& e) {
            ++failures;
            std::cerr << "clipnote: queue item #" << id << ": " << e.what() << "\n";
        }
    }
    return failures;
}

std::string chosen_link(const UploadChoice& choice, const std::string& url, const std::string& media_url) {
    return upload::chosen_link(upload::parse_link_format(choice.link_format), url, media_url);
}

void copy_link(const std::string& link, const std::string& title, const UploadChoice& choice, const std::string& done) {
    if (choice.no_clipboard) return;
    const auto format = upload::parse_link_format(choice.link_format);
    const upload::ClipboardResult clip = upload::copy_to_clipboard(upload::format_link(format, link, title),
                                                                   upload::clipboard_html(format, link, title));
    std::cerr << (clip.copied ? "Link copied to the clipboard" + done : "note: " + clip.note) << "\n";
}

void share_link(const std::string& url, const std::string& media_url, const std::string& title,
                const UploadChoice& choice) {
    const std::string link = chosen_link(choice, url, media_url);
    std::cout << link << "\n" << std::flush;
    copy_link(link, title, choice);
}

std::string link_expiry_note(const upload::DestinationConfig& destination) {
    const auto* s3 = std::get_if<upload::S3Settings>(&destination.settings);
    if (!s3 || s3->link != upload::S3LinkMode::presigned) return "";
    const std::time_t until = std::time(nullptr) + static_cast<std::time_t>(s3->expires.count());
    std::tm tm{};
    gmtime_r(&until, &tm);
    char when[32];
    std::strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
    return std::string("note: the link is presigned; it works until ") + when +
           " (field \"expires\"; link = \"public\" makes links that last)";
}

int upload_via_queue(const fs::path& file, const UploadChoice& choice, double duration_s) {
    upload::parse_link_format(choice.link_format);  // a bad option fails before any transfer
    const upload::Config config = upload::load_config_or_default(choice.config);
    const upload::DestinationConfig& chosen = config.select(choice.to);
    upload::HistoryStore store;
    upload::UploadQueue queue(store, config);
    share::publish_pages(queue);  // a share page beside the video, where the destination asks
    const std::int64_t id = queue.enqueue(file, chosen.name, choice.title, duration_s);
    resume_queue(queue, store, false, id);

    const auto start = std::chrono::steady_clock::now();
    upload::UploadResult result;
    try {
        result = run_queue_item(queue, id);
    } catch (const upload::FileTooLargeError& e) {
        // Retrying cannot help here: say what can.
        throw upload::FileTooLargeError("destination \"" + chosen.name + "\": " + e.what() + "; e.g. `clipnote export " +
                                        file.string() + " -o smaller.mp4 --width 1280 --crf 30`, or `--to OTHER`");
    } catch (const std::exception& e) {
        std::string what = e.what();
        if (what == "upload cancelled")
            throw Error("upload cancelled; " + file.string() + " is untouched and " + resume_hint(id));
        // Every failure names the destination, whichever layer raised it.
        const std::string label = "destination \"" + chosen.name + "\"";
        if (what.find(label) == std::string::npos) what = label + ": " + what;
        throw Error(what + "; " + resume_hint(id));
    }
    trace_event("object-complete");  // and the link with it: bench/instant_link.sh
    trace_event("link-ready");
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const std::string name = file.filename().string();
    std::cerr << "Uploaded " << name << " (" << upload::format_size(result.bytes) << ") to " << chosen.name << " in "
              << static_cast<int>(seconds * 10) / 10.0 << " s\n";
    if (const std::string note = link_expiry_note(chosen); !note.empty()) std::cerr << note << "\n";
    share_link(result.url, result.media_url, choice.title.empty() ? name : choice.title, choice);
    return 0;
}

}  // namespace clipnote::cli
