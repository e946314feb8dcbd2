// Discord webhook execute against the local receiver: multipart payload_json + files[0], the
// attachment URL as the link, 413 as FileTooLargeError, and the webhook URL never shown.
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
#include "upload/upload_errors.h"

using namespace clipnote;
using namespace clipnote::upload;
using namespace clipnote::test;

namespace {

struct DiscordTest {
    explicit DiscordTest(ShareReceiver::Options o = {}) : receiver(std::move(o)) {
        write_random_file(dir.file("clip.mp4"), 200000, 61);
    }
    ShareReceiver receiver;
    TempDir dir{"clipnote-discord-test-"};
    RecordingProgress progress;

    DestinationConfig config(const std::string& extra = "") const {
        return parse_config("[destination.chat]\nkind = \"discord\"\nurl_env = \"CLIPNOTE_TEST_DISCORD_URL\"\n" + extra,
                            dir.file("config.toml"))
            .find("chat");
    }
    UploadResult upload(const DestinationConfig& c, const std::string& title = "") {
        UploadRequest request;
        request.file = dir.file("clip.mp4");
        request.title = title;
        return make_destination(c)->upload(request, progress);
    }
};

}  // namespace

TEST_CASE("Discord: the file goes as files[0] with a message, the attachment URL downloads the same bytes") {
    DiscordTest t;
    ScopedEnv url("CLIPNOTE_TEST_DISCORD_URL", t.receiver.discord_webhook_url());
    UploadResult r = t.upload(t.config("username = \"clipnote\"\n"), "Standup demo");
    CHECK(t.receiver.problems().empty());
    CHECK(r.url.starts_with(t.receiver.base() + "/dl/"));
    CurlResult download = curl_cli(r.url);
    CHECK(download.body == read_binary_file(t.dir.file("clip.mp4")));
    CHECK(t.progress.last_done == 200000u);
    // remove() deletes the message that carries the attachment.
    make_destination(t.config())->remove(r.remote_path, t.progress);
    CHECK(t.receiver.deleted() == std::vector<std::string>{r.remote_path});
}

TEST_CASE("Discord: HTTP 413 is a FileTooLargeError that says what to do") {
    ShareReceiver::Options small;
    small.discord_max_bytes = 100000;
    DiscordTest t(small);
    ScopedEnv url("CLIPNOTE_TEST_DISCORD_URL", t.receiver.discord_webhook_url());
    std::string message;
    bool too_large = false;
    try {
        t.upload(t.config());
    } catch (const FileTooLargeError& e) {
        too_large = true;
        message = e.what();
    }
    CHECK(too_large);
    CHECK(message ==
          "destination \"chat\": file is larger than this webhook accepts (0.2 MB, HTTP 413); re-encode smaller or "
          "use another destination");
}

TEST_CASE("Discord: a refused webhook names the field, never the URL or its token") {
    DiscordTest t;
    const std::string wrong = t.receiver.base() + "/api/webhooks/112233445566/not-the-token-Zq9";
    std::ofstream(t.dir.file("hook-url")) << wrong << "\n";
    ::chmod(t.dir.file("hook-url").c_str(), 0600);
    std::string message;
    try {
        t.upload(
            parse_config("[destination.chat]\nkind = \"discord\"\nurl_file = \"hook-url\"\n", t.dir.file("config.toml"))
                .find("chat"));
    } catch (const Error& e) {
        message = e.what();
    }
    CHECK(message ==
          "destination \"chat\": the webhook refused the upload (HTTP 401 Unauthorized: Invalid Webhook Token); check "
          "field \"url_file\"");
    CHECK(message.find("not-the-token") == std::string::npos);
}

TEST_CASE("Discord: a dead webhook host is reported without the URL") {
    DiscordTest t;
    const std::string dead = "http://127.0.0.1:" + std::to_string(free_loopback_port()) + "/api/webhooks/1/secret-Tk77";
    std::string message;
    try {
        t.upload(parse_config("[destination.chat]\nkind = \"discord\"\nurl = \"" + dead + "\"\nretries = 0\n",
                              t.dir.file("config.toml"))
                     .find("chat"));
    } catch (const Error& e) {
        message = e.what();
    }
    // The request is named once, then what went wrong.
    INFO(message);
    CHECK(message.starts_with("destination \"chat\": POST to the webhook: Couldn't connect to server"));
    int posts = 0;
    for (auto at = message.find("POST "); at != std::string::npos; at = message.find("POST ", at + 1)) ++posts;
    CHECK(posts == 1);
    CHECK(message.find("secret-Tk77") == std::string::npos);
}

TEST_CASE("Discord: a webhook that answers 500 after receiving the post is not posted again, and the error says so") {
    ShareReceiver::Options o;
    o.scripted = {{"discord", {500}}};
    DiscordTest t(o);
    ScopedEnv url("CLIPNOTE_TEST_DISCORD_URL", t.receiver.discord_webhook_url());
    std::string message;
    try {
        t.upload(t.config("retries = 2\n"));
    } catch (const Error& e) {
        message = e.what();
    }
    CHECK(t.receiver.hits("discord") == 1);
    CHECK(message ==
          "destination \"chat\": POST to the webhook: the server answered HTTP 500 Internal Server Error after "
          "receiving the post; it may have been posted; not retried");
}

TEST_CASE("Discord: a 429 with Retry-After (Discord did not post it) is sent again and then succeeds") {
    ShareReceiver::Options o;
    o.scripted = {{"discord", {429}}};
    DiscordTest t(o);
    ScopedEnv url("CLIPNOTE_TEST_DISCORD_URL", t.receiver.discord_webhook_url());
    UploadResult r = t.upload(t.config());
    CHECK(t.receiver.hits("discord") == 2);
    CHECK(curl_cli(r.url).body == read_binary_file(t.dir.file("clip.mp4")));
    REQUIRE(t.progress.notes.size() == 1);
    CHECK(t.progress.notes[0].starts_with("discord: HTTP 429 Too Many Requests; retrying in "));
}

TEST_CASE("Discord: a refused connection (nothing was sent) is retried") {
    DiscordTest t;
    const std::string dead = "http://127.0.0.1:" + std::to_string(free_loopback_port()) + "/api/webhooks/1/secret-Tk77";
    CHECK_THROWS_AS(t.upload(parse_config("[destination.chat]\nkind = \"discord\"\nurl = \"" + dead +
                                              "\"\nretries = 1\n",
                                          t.dir.file("config.toml"))
                                 .find("chat")),
                    Error);
    REQUIRE(t.progress.notes.size() == 1);
    CHECK(t.progress.notes[0].find("retrying in") != std::string::npos);
}

TEST_CASE("Discord: a small upload does not send Expect: 100-continue (servers that ignore it cost a second)") {
    DiscordTest t;
    ScopedEnv url("CLIPNOTE_TEST_DISCORD_URL", t.receiver.discord_webhook_url());
    t.upload(t.config());  // 200 kB
    CHECK(t.receiver.hits("discord") == 1);
    CHECK(t.receiver.last_header("discord", "Expect").empty());
    // A large body still asks first, so a refusal (401, 413) costs no upload.
    write_random_file(t.dir.file("clip.mp4"), 3 << 20, 62);
    t.upload(t.config());
    CHECK(t.receiver.hits("discord") == 2);
    CHECK(t.receiver.last_header("discord", "Expect") == std::vector<std::string>{"100-continue"});
}
