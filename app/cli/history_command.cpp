// `clipnote history [--json]`: the recordings and uploads clipnote remembers, newest first, with
// their links. --json prints an array a script can read. `--delete ID` (after asking, or --yes)
// removes an entry, and what it put on its destination: the video, its share page and poster.
#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/cli/commands.h"
#include "common/error.h"
#include "upload/config.h"
#include "upload/library/history_store.h"
#include "upload/library/remote_removal.h"
#include "upload/library/upload_queue.h"
#include "upload/library/recording_marker.h"
#include "upload/progress_text.h"

namespace clipnote::cli {
namespace {

std::string iso_time(std::int64_t t, bool utc) {
    const std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    if (utc)
        gmtime_r(&tt, &tm);
    else
        localtime_r(&tt, &tm);
    std::ostringstream out;
    out << std::put_time(&tm, utc ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%d %H:%M");
    return out.str();
}

std::string minutes_seconds(double s) {
    const int total = static_cast<int>(s + 0.5);
    std::ostringstream out;
    out << total / 60 << ":" << std::setw(2) << std::setfill('0') << total % 60;
    return out.str();
}

std::int64_t parse_entry_id(const std::string& text) {
    const std::string digits = text.size() > 1 && text[0] == '#' ? text.substr(1) : text;
    if (digits.empty() || digits.size() > 18 || digits.find_first_not_of("0123456789") != std::string::npos)
        throw Error("history entry id must be a number (the #N of `clipnote history`), not \"" + text + "\"");
    return std::stoll(digits);
}

// Asks on the terminal; without one, --yes must have said it.
bool confirmed(const std::string& question, bool yes) {
    if (yes) return true;
    if (!::isatty(STDIN_FILENO))
        throw Error("history --delete asks first, and there is no terminal to ask on; add --yes");
    std::cerr << question << " [y/N] " << std::flush;
    std::string answer;
    std::getline(std::cin, answer);
    return answer == "y" || answer == "Y" || answer == "yes";
}

int delete_entry(const std::string& id_text, bool yes, bool delete_file, const std::string& config_path) {
    const std::int64_t id = parse_entry_id(id_text);
    upload::HistoryStore store;
    const auto entry = store.history_entry(id);
    if (!entry) throw Error("history entry #" + std::to_string(id) + " does not exist");
    const upload::Config config = upload::load_config_or_default(config_path);
    upload::UploadQueue queue(store, config);
    const auto item = entry->queue_id ? store.item(entry->queue_id) : std::nullopt;
    if (item && queue.busy_elsewhere(item->id))
        throw Error(std::filesystem::path(entry->file).filename().string() + " is being uploaded right now; delete it when that ends");
    const bool remote = item && !item->object_id.empty() && !entry->link.empty();
    std::string what = "Delete " + std::filesystem::path(entry->file).filename().string() + " from History";
    if (remote) what += " and from " + entry->destination + " (the video, its page and poster: the link stops working)";
    if (delete_file) what += ", and the file " + entry->file;
    if (!confirmed(what + "?", yes)) {
        std::cerr << "Nothing deleted\n";
        return 1;
    }
    if (remote) {
        upload::Progress progress;
        upload::remove_from_destination(config, *item, progress);  // throws: the entry stays, to try again
    }
    store.remove_history(id);
    if (delete_file) {
        std::error_code ec;
        std::filesystem::remove(entry->file, ec);
        if (ec) throw Error("cannot delete " + entry->file + ": " + ec.message());
    }
    std::cerr << "Deleted #" << id << (remote ? " here and from " + entry->destination : "") << "\n";
    return 0;
}

}  // namespace

Command add_history_command(CLI::App& app) {
    struct Args {
        bool json = false;
        int limit = 0;
        std::string remove;
        bool yes = false, delete_file = false;
        std::string config;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("history", "Recordings and uploads, newest first, with their links");
    cmd->add_flag("--json", args->json, "Print a JSON array");
    cmd->add_option("-n,--limit", args->limit, "Show only the newest N entries");
    auto* remove = cmd->add_option("--delete", args->remove,
                                   "Delete entry ID (#N) and what it put on its destination (video, page, poster)");
    cmd->add_flag("--yes", args->yes, "With --delete: do not ask first")->needs(remove);
    cmd->add_flag("--delete-file", args->delete_file, "With --delete: delete the local file too")->needs(remove);
    cmd->add_option("--config", args->config, "Config file (default: $XDG_CONFIG_HOME/clipnote/config.toml)");
    return [args] {
        if (!args->remove.empty()) return delete_entry(args->remove, args->yes, args->delete_file, args->config);
        upload::HistoryStore store;
        upload::recover_interrupted_recordings(store);  // recordings a kill -9 cut short are listed too
        const auto entries = store.history(args->limit);
        if (args->json) {
            nlohmann::json out = nlohmann::json::array();
            for (const auto& e : entries)
                out.push_back({{"id", e.id},
                               {"file", e.file},
                               {"size", e.size},
                               {"duration_s", e.duration_s},
                               {"destination", e.destination},
                               {"link", e.link},
                               {"media_link", e.media_link},
                               {"time", iso_time(e.time, true)},
                               {"timestamp", e.time},
                               {"state", e.state},
                               {"queue_id", e.queue_id},
                               {"note", e.note}});
            std::cout << out.dump(2) << "\n";
            return 0;
        }
        if (entries.empty()) std::cerr << "No recordings or uploads yet\n";
        for (const auto& e : entries) {
            std::cout << "#" << std::left << std::setw(4) << e.id << " " << iso_time(e.time, false) << "  " << std::left << std::setw(9) << e.state << "  "
                      << std::filesystem::path(e.file).filename().string() << "  " << upload::format_size(e.size);
            if (e.duration_s > 0) std::cout << "  " << minutes_seconds(e.duration_s);
            if (!e.destination.empty()) std::cout << "  " << e.destination;
            if (!e.link.empty()) std::cout << "  " << e.link;
            if (!e.note.empty()) std::cout << "  (" << e.note << ")";
            std::cout << "\n";
        }
        return 0;
    };
}

}  // namespace clipnote::cli
