// The sharing kinds through the clipnote CLI: `destinations list` and `destinations test` (upload,
// fetch the link, compare, delete) for Discord, Slack, a webhook and an sxcu file, run with
// distinctive secrets that must appear nowhere in the output.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <fstream>

#include "fixtures/net.h"
#include "fixtures/share_receiver.h"
#include "support/child_process.h"
#include "support/temp_dir.h"
#include "sxcu_fixture.h"
#include "test_helpers.h"

using namespace clipnote::test;

namespace {

}  // namespace

TEST_CASE("CLI: list and test Discord, Slack, webhook and sxcu destinations without showing a secret") {
    ShareReceiver::Options o;
    o.discord_token = "DISCORD-DISTINCTIVE-TOKEN-4f1a";
    o.slack_token = "xoxb-SLACK-DISTINCTIVE-TOKEN-9d2c";
    o.hook_token = "HOOK-DISTINCTIVE-TOKEN-77ab";
    o.service_key = "SXCU-DISTINCTIVE-KEY-31e0";
    ShareReceiver receiver(o);
    TempDir dir("clipnote-share-cli-");
    std::ofstream(dir.file("zipline.sxcu"))
        << replace_all(replace_all(sxcu_fixture_text("zipline.sxcu"), "@RECEIVER@", receiver.base()), "service-key-K3y",
                       o.service_key);
    ::chmod(dir.file("zipline.sxcu").c_str(), 0600);
    std::ofstream(dir.file("slack-token")) << o.slack_token << "\n";
    ::chmod(dir.file("slack-token").c_str(), 0600);
    std::ofstream(dir.file("config.toml"))
        << "default = \"chat\"\n"
           "[destination.chat]\nkind = \"discord\"\nurl_env = \"CLI_DISCORD_URL\"\n"
           "[destination.team]\nkind = \"slack\"\ntoken_file = \"slack-token\"\nchannel_id = \"" +
               o.slack_channel + "\"\napi_url = \"" + receiver.slack_api_url() +
               "\"\n"
               "[destination.zl]\nkind = \"sxcu\"\nfile = \"zipline.sxcu\"\n"
               "[destination.announce]\nkind = \"webhook\"\nformat = \"mattermost\"\nurl_env = \"CLI_HOOK_URL\"\n"
               "upload_to = \"zl\"\n";
    auto run = [&](std::vector<std::string> args) {
        args.insert(args.begin(), CLIPNOTE_UPLOAD_CLI);
        return run_command(args,
                           {{"CLI_DISCORD_URL", receiver.discord_webhook_url()},
                            {"CLI_HOOK_URL", receiver.hook_url("mattermost")},
                            {"DISPLAY", ""},
                            {"WAYLAND_DISPLAY", ""},
                            {"XDG_DATA_HOME", dir.file("data")}},
                           std::chrono::seconds(60));
    };
    std::string all;
    RunResult list = run({"destinations", "list", "--config", dir.file("config.toml")});
    CHECK(list.exit_code == 0);
    CHECK(list.out.find("* chat  discord webhook (URL from $CLI_DISCORD_URL)") != std::string::npos);
    CHECK(list.out.find("  team  slack channel " + o.slack_channel) != std::string::npos);
    CHECK(list.out.find("  announce  mattermost webhook announcing uploads to \"zl\"") != std::string::npos);
    all += list.out + list.err;
    for (const std::string name : {"chat", "team", "zl", "announce"}) {
        CAPTURE(name);
        RunResult r = run({"destinations", "test", name, "--config", dir.file("config.toml")});
        INFO(r.out, r.err);
        CHECK(r.exit_code == 0);
        CHECK(r.out.find(name + ": ok, uploaded and removed a test file; its link returned the same bytes") !=
              std::string::npos);
        all += r.out + r.err;
    }
    CHECK(receiver.problems().empty());
    CHECK(receiver.messages("mattermost").size() == 1);
    for (const std::string& secret : {o.discord_token, o.slack_token, o.hook_token, o.service_key}) {
        CAPTURE(secret);
        CHECK(occurrences(all, secret) == 0);
    }
}

TEST_CASE("CLI: a file too large for a Discord webhook exits 3 and says what to do instead of retry") {
    ShareReceiver::Options o;
    o.discord_max_bytes = 50'000;
    ShareReceiver receiver(o);
    TempDir dir("clipnote-share-cli-");
    std::ofstream(dir.file("config.toml")) << "default = \"chat\"\n[destination.chat]\nkind = \"discord\"\nurl_env = "
                                              "\"CLI_DISCORD_URL\"\n";
    const std::string clip = dir.file("big.mp4");
    write_random_file(clip, 120'000, 5);
    const RunResult r = run_command({CLIPNOTE_UPLOAD_CLI, "upload", clip, "--config", dir.file("config.toml")},
                                    {{"CLI_DISCORD_URL", receiver.discord_webhook_url()},
                                     {"DISPLAY", ""},
                                     {"XDG_DATA_HOME", dir.file("data")}},
                                    std::chrono::seconds(60));
    INFO(r.err);
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("destination \"chat\": file is larger than this webhook accepts") != std::string::npos);
    CHECK(r.err.find("clipnote export") != std::string::npos);
    CHECK(r.err.find("--to OTHER") != std::string::npos);
    CHECK(r.err.find("queue --retry") == std::string::npos);
}
