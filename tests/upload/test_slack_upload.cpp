// Slack's external upload flow against the local receiver: getUploadURLExternal → POST the bytes
// → completeUploadExternal, the permalink as the link, {"ok":false} errors naming the field.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <fstream>

#include "common/error.h"
#include "fixtures/net.h"
#include "fixtures/share_receiver.h"
#include "support/temp_dir.h"
#include "test_helpers.h"
#include "upload/config.h"
#include "upload/destination_factory.h"

using namespace clipnote;
using namespace clipnote::upload;
using namespace clipnote::test;

namespace {

struct SlackTest {
    ShareReceiver receiver;
    TempDir dir{"clipnote-slack-test-"};
    RecordingProgress progress;

    SlackTest() { write_random_file(dir.file("clip.mp4"), 250000, 71); }

    DestinationConfig config(const std::string& token_line, const std::string& channel) const {
        return parse_config("[destination.team-slack]\nkind = \"slack\"\n" + token_line + "\nchannel_id = \"" +
                                channel + "\"\napi_url = \"" + receiver.slack_api_url() + "\"\n",
                            dir.file("config.toml"))
            .find("team-slack");
    }
    std::string error_of(const DestinationConfig& c) {
        try {
            UploadRequest request;
            request.file = dir.file("clip.mp4");
            make_destination(c)->upload(request, progress);
        } catch (const Error& e) {
            return e.what();
        }
        return "(no error)";
    }
};

}  // namespace

TEST_CASE("Slack: three steps with a bot token from a 0600 file, the permalink downloads the same bytes") {
    SlackTest t;
    std::ofstream(t.dir.file("slack-token")) << t.receiver.options().slack_token << "\n";
    ::chmod(t.dir.file("slack-token").c_str(), 0600);
    auto destination = make_destination(t.config("token_file = \"slack-token\"", t.receiver.options().slack_channel));
    UploadRequest request;
    request.file = t.dir.file("clip.mp4");
    request.title = "Bug repro";
    UploadResult r = destination->upload(request, t.progress);
    CHECK(t.receiver.problems().empty());
    CHECK(t.receiver.hits("slack.get") == 1);
    CHECK(t.receiver.hits("slack.upload") == 1);
    CHECK(t.receiver.hits("slack.complete") == 1);
    CurlResult download = curl_cli(r.url);
    CHECK(download.body == read_binary_file(t.dir.file("clip.mp4")));
    CHECK(t.progress.last_done == 250000u);
    destination->remove(r.remote_path, t.progress);
    CHECK(t.receiver.deleted() == std::vector<std::string>{r.remote_path});
}

TEST_CASE("Slack: invalid_auth names the token field, never the token") {
    SlackTest t;
    ScopedEnv token("CLIPNOTE_TEST_SLACK_TOKEN", "xoxb-wrong-Secret-55");
    CHECK(t.error_of(t.config("token_env = \"CLIPNOTE_TEST_SLACK_TOKEN\"", t.receiver.options().slack_channel)) ==
          "destination \"team-slack\": files.getUploadURLExternal: Slack says invalid_auth: check field \"token_env\" "
          "(a bot token, xoxb-…)");
    CHECK(t.receiver.hits("slack.upload") == 0);
}

TEST_CASE("Slack: an unknown channel names channel_id") {
    SlackTest t;
    ScopedEnv token("CLIPNOTE_TEST_SLACK_TOKEN", t.receiver.options().slack_token);
    CHECK(t.error_of(t.config("token_env = \"CLIPNOTE_TEST_SLACK_TOKEN\"", "C999")) ==
          "destination \"team-slack\": files.completeUploadExternal: Slack says channel_not_found: check field "
          "\"channel_id\" (and that the app is in that channel)");
}
