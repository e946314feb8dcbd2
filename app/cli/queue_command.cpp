// `clipnote queue [--retry [ID] | --cancel ID]`: the uploads not finished yet (pending, failed, or
// interrupted by a crash); --retry runs them again (resuming S3 multipart uploads from the parts
// already sent), --cancel takes one off the queue. The local files are never touched.
#include <filesystem>
#include <iostream>

#include "app/cli/commands.h"
#include "app/cli/queued_upload.h"
#include "app/share/publish_page.h"
#include "common/error.h"
#include "upload/progress_text.h"

namespace clipnote::cli {
namespace {

std::int64_t parse_id(const std::string& text) {
    std::string digits = text.size() > 1 && text[0] == '#' ? text.substr(1) : text;
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos)
        throw Error("queue item id must be a number, not \"" + text + "\"");
    return std::stoll(digits);
}

void list(const upload::HistoryStore& store, const upload::UploadQueue& queue) {
    const auto items = store.items();
    if (items.empty()) {
        std::cerr << "The upload queue is empty\n";
        return;
    }
    for (const auto& item : items) {
        std::string state = upload::to_string(item.state);
        if (item.state == upload::ItemState::uploading && !queue.busy_elsewhere(item.id)) state = "interrupted";
        std::cout << "#" << item.id << "  " << state << "  " << std::filesystem::path(item.file).filename().string()
                  << "  " << upload::format_size(item.size) << "  to " << item.destination;
        if (item.parts_total > 0) std::cout << "  parts " << item.parts_done << "/" << item.parts_total;
        if (item.attempts > 0) std::cout << "  " << item.attempts << (item.attempts == 1 ? " attempt" : " attempts");
        if (!item.last_error.empty() && item.state != upload::ItemState::uploading)
            std::cout << "  error: " << item.last_error;
        std::cout << "\n";
    }
}

}  // namespace

Command add_queue_command(CLI::App& app) {
    struct Args {
        std::string retry, cancel, config;
        CLI::Option* retry_opt = nullptr;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("queue", "Uploads not finished yet; retry or cancel them");
    args->retry_opt =
        cmd->add_option("--retry", args->retry, "Run the pending and failed uploads (or only item ID)")->expected(0, 1);
    auto* cancel = cmd->add_option("--cancel", args->cancel, "Take item ID off the queue");
    args->retry_opt->excludes(cancel);
    cmd->add_option("--config", args->config, "Config file (default: $XDG_CONFIG_HOME/clipnote/config.toml)");
    return [args] {
        const upload::Config config = upload::load_config_or_default(args->config);
        upload::HistoryStore store;
        upload::UploadQueue queue(store, config);
        share::publish_pages(queue);  // a share page beside the video, where the destination asks
        if (!args->cancel.empty()) {
            const std::int64_t id = parse_id(args->cancel);
            queue.cancel(id);
            std::cerr << "Cancelled queue item #" << id << "; the local file is untouched\n";
            return 0;
        }
        if (args->retry_opt->count() == 0) {
            list(store, queue);
            return 0;
        }
        if (!args->retry.empty()) {
            const std::int64_t id = parse_id(args->retry);
            const upload::UploadResult r = run_queue_item(queue, id);
            std::cout << r.url << "\n";
            return 0;
        }
        if (queue.runnable(true).empty()) {
            std::cerr << "Nothing to retry: the upload queue is empty\n";
            return 0;
        }
        return resume_queue(queue, store, true, 0, true) == 0 ? 0 : 1;
    };
}

}  // namespace clipnote::cli
