// Shared by the queue, history and record --upload tests: a local S3 (SigV4 gate + s3rver), a
// config with an S3 ("team") and a local ("disk") destination, and the clipnote CLI run with its
// own $XDG_DATA_HOME, so each test has its own history database.
#pragma once

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "fixtures/net.h"
#include "fixtures/s3_gate_server.h"
#include "test_helpers.h"
#include "support/child_process.h"
#include "support/temp_dir.h"

namespace clipnote::test {

inline const std::string kQueueAccessKey = "AKIACLIPNOTEQUEUE001";
inline const std::string kQueueSecret = "CLIPNOTE-QUEUE-SECRET-4d7a0c";

struct QueueCliFixture {
    S3GateServer s3{kQueueAccessKey, kQueueSecret, {"recordings"}};
    TempDir dir{"clipnote-queue-"};

    // `s3_extra`: more lines for the S3 entry (part sizes, timeouts, retries).
    explicit QueueCliFixture(const std::string& s3_extra = "retries = 1\n") { write_config(s3_extra); }

    void write_config(const std::string& s3_extra) const {
        // The tests here check the objects themselves: no share page unless one asks for it.
        const std::string raw_objects = s3_extra.find("share_page") == std::string::npos ? "share_page = false\n" : "";
        std::ofstream(dir.file("config.toml"))
            << "default = \"team\"\n[destination.team]\nkind = \"s3\"\nendpoint = \"" + s3.endpoint() +
                   "\"\nbucket = \"recordings\"\npath_style = true\naccess_key_env = \"QUEUE_S3_KEY\"\n"
                   "secret_key_file = \"s3-secret\"\nexpires = \"1h\"\n" +
                   s3_extra + raw_objects + "[destination.disk]\nkind = \"local\"\nfolder = \"copies\"\n";
        std::ofstream(dir.file("s3-secret")) << kQueueSecret << "\n";
        ::chmod(dir.file("s3-secret").c_str(), 0600);
    }
    std::string config() const { return dir.file("config.toml"); }
    std::string data_home() const { return dir.file("data"); }
    std::string db() const { return data_home() + "/clipnote/clipnote.db"; }

    EnvVars env(EnvVars extra = {}) const {
        extra.emplace("QUEUE_S3_KEY", kQueueAccessKey);
        extra.emplace("DISPLAY", "");
        extra.emplace("WAYLAND_DISPLAY", "");
        extra.emplace("XDG_DATA_HOME", data_home());
        return extra;
    }
    RunResult run(std::vector<std::string> args, std::chrono::seconds timeout = std::chrono::seconds(120)) const {
        args.insert(args.begin(), CLIPNOTE_UPLOAD_CLI);
        return run_command(args, env(), timeout);
    }
    nlohmann::json history() const {
        RunResult r = run({"history", "--json"});
        if (r.exit_code != 0) throw std::runtime_error("clipnote history --json failed: " + r.err);
        return nlohmann::json::parse(r.out);
    }
    // Everything clipnote keeps under $XDG_DATA_HOME/clipnote except the uploaded copies: the
    // database and its WAL, the lock files.
    std::string stored_bytes() const {
        std::string all;
        for (const auto& e : std::filesystem::recursive_directory_iterator(data_home() + "/clipnote"))
            if (e.is_regular_file()) all += read_binary_file(e.path().string());
        return all;
    }
};

inline std::string first_line(const std::string& text) {
    return text.substr(0, text.find('\n'));
}

}  // namespace clipnote::test
