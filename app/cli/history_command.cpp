// `clipnote history [--json]`: the recordings and uploads clipnote remembers, newest first, with
// their links. --json prints an array a script can read.
#include <ctime>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/cli/commands.h"
#include "upload/library/history_store.h"
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

}  // namespace

Command add_history_command(CLI::App& app) {
    struct Args {
        bool json = false;
        int limit = 0;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("history", "Recordings and uploads, newest first, with their links");
    cmd->add_flag("--json", args->json, "Print a JSON array");
    cmd->add_option("-n,--limit", args->limit, "Show only the newest N entries");
    return [args] {
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
            std::cout << iso_time(e.time, false) << "  " << std::left << std::setw(9) << e.state << "  "
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
