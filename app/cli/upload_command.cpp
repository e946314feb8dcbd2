// `clipnote upload FILE`: send a file to a configured destination, print the link, and put it on
// the clipboard when there is one.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <thread>

#include "app/cli/commands.h"
#include "app/cli/stop_signals.h"
#include "capture/error.h"
#include "upload/clipboard.h"
#include "upload/config.h"
#include "upload/destination_factory.h"
#include "upload/link_format.h"
#include "upload/progress_text.h"

namespace clipnote::cli {
namespace {

// Draws the progress line on a terminal (at most 10 times a second) and prints retry notes.
class TerminalProgress : public upload::Progress {
public:
    explicit TerminalProgress(bool live) : live_(live), start_(std::chrono::steady_clock::now()) {}
    void on_bytes(std::uint64_t done, std::uint64_t total) override {
        if (!live_) return;
        std::lock_guard lock(mutex_);
        const auto now = std::chrono::steady_clock::now();
        if (done < total && now - last_draw_ < std::chrono::milliseconds(100)) return;
        last_draw_ = now;
        std::cerr << "\r\033[K" << upload::progress_text(done, total, seconds()) << std::flush;
        drawn_ = true;
    }
    void on_note(const std::string& text) override {
        std::lock_guard lock(mutex_);
        clear_line();
        std::cerr << "note: " << text << "\n";
    }
    void finish() {
        std::lock_guard lock(mutex_);
        clear_line();
    }
    double seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }

private:
    void clear_line() {
        if (drawn_) std::cerr << "\r\033[K" << std::flush;
        drawn_ = false;
    }
    bool live_;
    std::chrono::steady_clock::time_point start_, last_draw_{};
    std::mutex mutex_;
    bool drawn_ = false;
};

}  // namespace

Command add_upload_command(CLI::App& app) {
    struct Args {
        std::string file, to, title, config, format = "plain";
        bool no_clipboard = false;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("upload", "Upload a file to a destination and print its link");
    cmd->add_option("FILE", args->file, "The file to upload")->required();
    cmd->add_option("--to", args->to, "Destination name from the config (default: the config's default)");
    cmd->add_option("--title", args->title, "Title for the link (default: the file name)");
    cmd->add_option("--config", args->config, "Config file (default: $XDG_CONFIG_HOME/clipnote/config.toml)");
    cmd->add_option("--format", args->format, "Clipboard link format: plain, markdown, slack, html");
    cmd->add_flag("--no-clipboard", args->no_clipboard, "Do not touch the clipboard");
    return [args] {
        namespace fs = std::filesystem;
        std::error_code ec;
        if (!fs::is_regular_file(args->file, ec)) throw Error("cannot read " + args->file + ": no such file");
        const upload::LinkFormat format = upload::parse_link_format(args->format);
        const upload::Config config = upload::load_config_or_default(args->config);
        const upload::DestinationConfig& chosen = config.select(args->to);
        auto destination = upload::make_destination(chosen);

        TerminalProgress progress(::isatty(STDERR_FILENO) == 1);
        // Ctrl-C cancels the transfer; the local file is never touched either way.
        StopSignals signals;
        std::atomic<bool> done{false};
        std::thread watcher([&] {
            while (!done)
                if (signals.wait(100)) progress.cancel_token().cancel();
        });
        upload::UploadRequest request;
        request.file = args->file;
        request.title = args->title;
        upload::UploadResult result;
        try {
            result = destination->upload(request, progress);
        } catch (...) {
            done = true;
            watcher.join();
            progress.finish();
            if (progress.cancel_token().cancelled()) throw Error("upload cancelled; " + args->file + " is untouched");
            throw;
        }
        done = true;
        watcher.join();
        progress.finish();

        const std::string title = args->title.empty() ? fs::path(args->file).filename().string() : args->title;
        std::cerr << "Uploaded " << fs::path(args->file).filename().string() << " ("
                  << upload::format_size(result.bytes) << ") to " << chosen.name << " in "
                  << static_cast<int>(progress.seconds() * 10) / 10.0 << " s\n";
        std::cout << result.url << "\n" << std::flush;
        if (!args->no_clipboard) {
            const upload::ClipboardResult clip =
                upload::copy_to_clipboard(upload::format_link(format, result.url, title));
            std::cerr << (clip.copied ? "Link copied to the clipboard" : "note: " + clip.note) << "\n";
        }
        return 0;
    };
}

}  // namespace clipnote::cli
