// kind = "webhook": upload through another destination, then announce the link to a
// Slack / Mattermost / Teams incoming webhook on the local receiver.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "fixtures/net.h"
#include "fixtures/share_receiver.h"
#include "support/temp_dir.h"
#include "sxcu_fixture.h"
#include "test_helpers.h"
#include "upload/chat/chat_message.h"
#include "upload/config.h"
#include "upload/destination_factory.h"

using namespace clipnote;
using namespace clipnote::upload;
using namespace clipnote::test;
using nlohmann::json;

namespace {

struct WebhookTest {
    ShareReceiver receiver;
    TempDir dir{"clipnote-webhook-test-"};
    RecordingProgress progress;

    WebhookTest() {
        write_random_file(dir.file("clip.mp4"), 120000, 81);
        sxcu_destination(dir, receiver, "zipline.sxcu");  // writes the file for "store" below
    }
    Config config(const std::string& format, const std::string& url_line) const {
        return parse_config(
            "[destination.store]\nkind = \"sxcu\"\nfile = \"zipline.sxcu\"\n"
            "[destination.announce]\nkind = \"webhook\"\nformat = \"" +
                format + "\"\n" + url_line + "\nupload_to = \"store\"\n",
            dir.file("config.toml"));
    }
    UploadResult upload(const Config& c) {
        UploadRequest request;
        request.file = dir.file("clip.mp4");
        request.title = "Sprint <demo> & notes";
        return make_destination(c.find("announce"))->upload(request, progress);
    }
};

}  // namespace

TEST_CASE("webhook: each format posts the other destination's link, which downloads the same bytes") {
    for (const std::string format : {"slack", "mattermost", "teams"}) {
        CAPTURE(format);
        WebhookTest t;
        ScopedEnv url("CLIPNOTE_TEST_HOOK_URL", t.receiver.hook_url(format));
        UploadResult r = t.upload(t.config(format, "url_env = \"CLIPNOTE_TEST_HOOK_URL\""));
        CHECK(t.receiver.problems().empty());
        CHECK(curl_cli(r.url).body == read_binary_file(t.dir.file("clip.mp4")));
        const auto messages = t.receiver.messages(format);
        REQUIRE(messages.size() == 1);
        const json m = json::parse(messages[0]);
        if (format == "slack") CHECK(m["text"] == "<" + r.url + "|Sprint &lt;demo&gt; &amp; notes>");
        if (format == "mattermost") CHECK(m["text"] == "[Sprint <demo> & notes](" + r.url + ")");
        if (format == "teams")
            CHECK(m["attachments"][0]["content"]["body"][0]["text"] == "[Sprint <demo> & notes](" + r.url + ")");
    }
}

TEST_CASE("webhook: a refused message keeps the link in the error and hides the webhook URL") {
    WebhookTest t;
    const std::string wrong = t.receiver.base() + "/hooks/mattermost/wrong-hook-Secret";
    std::string message;
    try {
        t.upload(t.config("mattermost", "url = \"" + wrong + "\""));
    } catch (const Error& e) {
        message = e.what();
    }
    CHECK(message.starts_with("destination \"announce\": uploaded to \"store\" (" + t.receiver.base() + "/dl/"));
    CHECK(message.ends_with(
        ") but the webhook refused the message: HTTP 404 Not Found; check fields \"url\" and \"format\""));
    CHECK(message.find("wrong-hook-Secret") == std::string::npos);
}

TEST_CASE("webhook: upload_to must name another destination that stores files") {
    WebhookTest t;
    auto error_of = [&](const std::string& toml) {
        try {
            parse_config(toml, t.dir.file("config.toml"));
        } catch (const Error& e) {
            return std::string(e.what());
        }
        return std::string("(no error)");
    };
    const std::string label = t.dir.file("config.toml");
    CHECK(error_of("[destination.a]\nkind = \"webhook\"\nurl = \"https://h.example/x\"\nupload_to = \"b\"\n") ==
          label + ": destination \"a\": field \"upload_to\": no destination named \"b\" in " + label +
              " (known: none)");
    CHECK(error_of("[destination.a]\nkind = \"webhook\"\nurl = \"https://h.example/x\"\nupload_to = \"a\"\n") ==
          label + ": destination \"a\": field \"upload_to\" names this destination itself");
    CHECK(error_of("[destination.a]\nkind = \"webhook\"\nurl = \"https://h.example/x\"\nformat = \"irc\"\nupload_to = "
                   "\"a\"\n") ==
          label + ": destination \"a\": field \"format\" must be \"slack\", \"mattermost\" or \"teams\" (got \"irc\")");
}

TEST_CASE("webhook: a 500 after the message arrived is not posted again; the error says it may have been posted") {
    ShareReceiver::Options o;
    o.scripted = {{"hook", {500}}};
    WebhookTest t;
    ShareReceiver failing(o);
    ScopedEnv url("CLIPNOTE_TEST_HOOK_URL", failing.hook_url("slack"));
    std::string message;
    try {
        t.upload(t.config("slack", "url_env = \"CLIPNOTE_TEST_HOOK_URL\"\nretries = 2"));
    } catch (const Error& e) {
        message = e.what();
    }
    CHECK(failing.hits("hook") == 1);
    CHECK(message.ends_with(") but posting the message failed: POST to the webhook: the server answered HTTP 500 "
                            "Internal Server Error after receiving the post; it may have been posted; not retried"));
}
