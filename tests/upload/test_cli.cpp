// The upload commands as a person runs them: the link on stdout, one clear line on failure, the
// clipboard skipped with a note when there is no display, and no secret anywhere in the output.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <fstream>

#include "fixtures/net.h"
#include "fixtures/s3_gate_server.h"
#include "fixtures/webdav_server.h"
#include "support/child_process.h"
#include "support/temp_dir.h"
#include "test_helpers.h"

using namespace clipnote::test;

namespace {

const std::string kAccessKey = "AKIACLIPNOTECLI00001";
const std::string kSecret = "CLIPNOTE-DISTINCTIVE-SECRET-7c1f9e";
const std::string kDavSecret = "CLIPNOTE-DAV-SECRET-e82b44";

struct CliFixture {
    S3GateServer s3{kAccessKey, kSecret, {"recordings"}};
    WebdavServer dav{"me", kDavSecret};
    TempDir dir{"clipnote-cli-"};

    CliFixture() {
        // The objects themselves are checked here: no share pages (test_share_page.cpp has those).
        std::ofstream(dir.file("config.toml"))
            << "default = \"team\"\n"
               "[destination.team]\nkind = \"s3\"\nendpoint = \"" +
                   s3.endpoint() +
                   "\"\nbucket = \"recordings\"\npath_style = true\naccess_key_env = \"CLI_S3_KEY\"\n"
                   "secret_key_file = \"s3-secret\"\nexpires = \"1h\"\nshare_page = false\n"
                   "[destination.nas]\nkind = \"webdav\"\nurl = \"" +
                   dav.dav_url() +
                   "\"\nusername = \"me\"\npassword_env = \"CLI_DAV_PASSWORD\"\nshare_page = false\n"
                   "[destination.disk]\nkind = \"local\"\nfolder = \"copies\"\n";
        std::ofstream(dir.file("s3-secret")) << kSecret << "\n";
        ::chmod(dir.file("s3-secret").c_str(), 0600);
        write_random_file(dir.file("clip.mp4"), 700000, 41);
    }
    RunResult run(std::vector<std::string> args, EnvVars env = {}) const {
        args.insert(args.begin(), CLIPNOTE_UPLOAD_CLI);
        env.emplace("CLI_S3_KEY", kAccessKey);
        env.emplace("CLI_DAV_PASSWORD", kDavSecret);
        env.emplace("DISPLAY", "");
        env.emplace("WAYLAND_DISPLAY", "");
        env.emplace("XDG_DATA_HOME", dir.file("data"));
        return run_command(args, env, std::chrono::seconds(120));
    }
};

}  // namespace

TEST_CASE("clipnote upload prints the link, which downloads the file, and notes that there is no display") {
    CliFixture f;
    RunResult r = f.run({"upload", f.dir.file("clip.mp4"), "--config", f.dir.file("config.toml")});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(without_ids(r.out).rfind(f.s3.endpoint() + "/recordings/<id>/clip.mp4?X-Amz-Algorithm=AWS4-HMAC-SHA256", 0) ==
          0);
    CHECK(r.err.find("Uploaded clip.mp4 (700.0 kB) to team in ") != std::string::npos);
    CHECK(r.err.find("note: no display, clipboard skipped") != std::string::npos);
    std::string url = r.out.substr(0, r.out.find('\n'));
    CHECK(curl_cli(url).body == read_binary_file(f.dir.file("clip.mp4")));
}

TEST_CASE("clipnote upload --to picks another destination") {
    CliFixture f;
    RunResult r = f.run({"upload", f.dir.file("clip.mp4"), "--to", "nas", "--config", f.dir.file("config.toml")});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(without_ids(r.out) == f.dav.dav_url() + "<id>/clip.mp4\n");
    const std::string path = r.out.substr(f.dav.dav_url().size(), r.out.size() - 1 - f.dav.dav_url().size());
    CHECK(read_binary_file(f.dav.root() + "/dav/" + path) == read_binary_file(f.dir.file("clip.mp4")));
}

TEST_CASE("a bad config is one line naming the file, destination and field, and exit code 1") {
    CliFixture f;
    std::ofstream(f.dir.file("bad.toml")) << "[destination.team]\nkind = \"s3\"\nendpoint = \"https://x.example\"\n"
                                             "access_key_env = \"A\"\nsecret_key_env = \"B\"\n";
    RunResult r = f.run({"upload", f.dir.file("clip.mp4"), "--config", f.dir.file("bad.toml")});
    CHECK(r.exit_code == 1);
    CHECK(r.err == "clipnote: " + f.dir.file("bad.toml") + ": destination \"team\": field \"bucket\" is missing\n");
}

TEST_CASE("clipnote destinations lists the entries, marks the default and shows no secret") {
    CliFixture f;
    RunResult r = f.run({"destinations", "--config", f.dir.file("config.toml"), "list"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("* team  s3 bucket \"recordings\" at " + f.s3.endpoint()) != std::string::npos);
    CHECK(r.out.find("  nas  webdav " + f.dav.dav_url() + " as me") != std::string::npos);
    CHECK(r.out.find("  disk  local folder " + f.dir.file("copies")) != std::string::npos);
    CHECK(occurrences(r.out + r.err, kSecret) == 0);
}

TEST_CASE("clipnote destinations test round-trips through each kind") {
    CliFixture f;
    for (const std::string name : {"team", "nas", "disk"}) {
        RunResult r = f.run({"destinations", "--config", f.dir.file("config.toml"), "test", name});
        INFO(name, r.err, r.out);
        CHECK(r.exit_code == 0);
        CHECK(r.out.find(name + ": ok, uploaded and removed a test file") == 0);
    }
}

TEST_CASE("secrets never reach stdout, stderr or the servers' logs, in success or failure") {
    CliFixture f;
    std::string all;
    auto collect = [&](const RunResult& r) { all += r.out + r.err; };
    // Success. (There is no debug output to ask for: CLIPNOTE_DEBUG only raises FFmpeg's log
    // level, and uploading never calls FFmpeg. The chattiest output is the retry notes, below.)
    collect(f.run({"upload", f.dir.file("clip.mp4"), "--config", f.dir.file("config.toml")}));
    collect(f.run({"upload", f.dir.file("clip.mp4"), "--to", "nas", "--config", f.dir.file("config.toml")}));
    // Failures: a wrong DAV password (the right one is in the environment of other runs), the S3
    // server answering 500, a server that is down.
    RunResult wrong = f.run({"upload", f.dir.file("clip.mp4"), "--to", "nas", "--config", f.dir.file("config.toml")},
                            {{"CLI_DAV_PASSWORD", "not-" + kDavSecret}});
    CHECK(wrong.exit_code == 1);
    CHECK(wrong.err.find("HTTP 401 Unauthorized: the server refused the credentials") != std::string::npos);
    collect(wrong);
    f.s3.set_faults(R"([{"match": "^PUT ", "status": 500, "times": 100}])");
    RunResult failing = f.run({"upload", f.dir.file("clip.mp4"), "--config", f.dir.file("config.toml")});
    CHECK(failing.exit_code == 1);
    CHECK(failing.err.find("retrying in") != std::string::npos);  // the retry notes are in what is checked
    collect(failing);
    f.s3.stop();
    collect(f.run({"upload", f.dir.file("clip.mp4"), "--config", f.dir.file("config.toml")}));
    collect(f.run({"destinations", "--config", f.dir.file("config.toml"), "test", "team"}));
    all += f.dav.logs();
    CHECK(all.find("clipnote: ") != std::string::npos);  // the failures did print errors
    CHECK(occurrences(all, kSecret) == 0);
    CHECK(occurrences(all, kDavSecret) == 0);
}
