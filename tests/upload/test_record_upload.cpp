// `clipnote record ... --upload [NAME]`: after a synthetic recording, the link is printed under
// the file's path and downloads the very same bytes, from a local folder and from S3; the history
// holds the recording with its duration, and no secret reaches the database.
#include <doctest/doctest.h>

#include "queue_cli_fixture.h"
#include "test_helpers.h"

using namespace clipnote::test;

namespace {

struct Recorded {
    RunResult run;
    std::string file, link;
};

Recorded record_and_upload(const QueueCliFixture& f, const std::string& name, const std::vector<std::string>& upload) {
    std::vector<std::string> args = {"record",         "--screen", "lavfi:testsrc2=size=320x240:rate=30",
                                     "--duration",     "1",        "-o",
                                     f.dir.file(name), "--config", f.config()};
    args.insert(args.end(), upload.begin(), upload.end());
    Recorded r{f.run(args), {}, {}};
    const std::string& out = r.run.out;
    const auto nl = out.find('\n');
    if (nl != std::string::npos) {
        r.file = out.substr(0, nl);
        r.link = first_line(out.substr(nl + 1));
    }
    return r;
}

}  // namespace

TEST_CASE("record --upload disk: the link under the file's path downloads the same bytes") {
    QueueCliFixture f;
    Recorded r = record_and_upload(f, "take.mp4", {"--upload", "disk", "--link-format", "markdown"});
    INFO(r.run.err);
    REQUIRE(r.run.exit_code == 0);
    CHECK(r.file == f.dir.file("take.mp4"));
    CHECK(without_ids(r.link).rfind("file://" + f.dir.file("copies/<id>/take.mp4"), 0) == 0);
    CHECK(curl_cli(r.link).body == read_binary_file(r.file));
    CHECK(r.run.err.find("note: no display, clipboard skipped") != std::string::npos);

    const nlohmann::json h = f.history();
    REQUIRE(h.size() == 1);
    CHECK(h[0]["state"] == "uploaded");
    CHECK(h[0]["destination"] == "disk");
    CHECK(h[0]["duration_s"].get<double>() == doctest::Approx(1.0).epsilon(0.2));
}

TEST_CASE("record --upload (the default, S3): the presigned link downloads the same bytes and no secret is stored") {
    QueueCliFixture f;
    Recorded r = record_and_upload(f, "take.mp4", {"--upload"});
    INFO(r.run.err);
    REQUIRE(r.run.exit_code == 0);
    CHECK(without_ids(r.link).rfind(f.s3.endpoint() + "/recordings/<id>/take.mp4?X-Amz-Algorithm=AWS4-HMAC-SHA256", 0) ==
          0);
    CHECK(curl_cli(r.link).body == read_binary_file(r.file));
    const nlohmann::json h = f.history();
    REQUIRE(h.size() == 1);
    CHECK(h[0]["destination"] == "team");
    CHECK(h[0]["link"] == r.link);
    CHECK(occurrences(f.stored_bytes(), kQueueSecret) == 0);
    CHECK(occurrences(r.run.out + r.run.err, kQueueSecret) == 0);
}

TEST_CASE("record without --upload notes the recording in the history, and a failed upload keeps the recording") {
    QueueCliFixture f;
    Recorded plain = record_and_upload(f, "plain.mp4", {});
    INFO(plain.run.err);
    REQUIRE(plain.run.exit_code == 0);
    CHECK(plain.link.empty());
    f.s3.stop();
    Recorded failed = record_and_upload(f, "failed.mp4", {"--upload", "team"});
    CHECK(failed.run.exit_code == 1);
    CHECK(failed.file == f.dir.file("failed.mp4"));
    CHECK(std::filesystem::file_size(failed.file) > 0);
    CHECK(failed.run.err.find("`clipnote queue --retry` will resume it") != std::string::npos);

    const nlohmann::json h = f.history();
    REQUIRE(h.size() == 2);
    CHECK(h[0]["state"] == "failed");
    CHECK(h[1]["state"] == "recorded");
    CHECK(h[1]["file"] == f.dir.file("plain.mp4"));
}
