// `clipnote record ... --upload [NAME]`: after a synthetic recording, the link is printed under
// the file's path and downloads the very same bytes, from a local folder and from S3; the history
// holds the recording with its duration, and no secret reaches the database.
#include <doctest/doctest.h>

#include <cmath>
#include <csignal>
#include <fstream>
#include <map>
#include <regex>

#include "queue_cli_fixture.h"
#include "support/app_trace.h"
#include "support/browser_video.h"
#include "support/media_probe.h"
#include "test_helpers.h"

using namespace clipnote::test;
using namespace std::chrono_literals;

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

// The id of a multipart upload the gate holds parts of ("" while none): a live upload is under way.
std::string upload_with_parts(const QueueCliFixture& f) {
    const auto parts = nlohmann::json::parse(f.s3.multipart_parts());
    for (auto it = parts.begin(); it != parts.end(); ++it)
        if (!it.value().empty()) return it.key();
    return "";
}

// `clipnote record --upload` of lossless 720p (~1.6 MB a second: a 5 MiB part every few seconds)
// into `out`, running on; `duration` "" = until stopped.
ChildProcess record_live(const QueueCliFixture& f, const std::string& out, const std::string& duration) {
    std::vector<std::string> argv{CLIPNOTE_UPLOAD_CLI, "record", "--screen", "lavfi:testsrc2=size=1280x720:rate=30",
                                  "--crf", "0", "-o", out, "--config", f.config(), "--upload"};
    if (!duration.empty()) argv.insert(argv.end(), {"--duration", duration});
    return ChildProcess(argv, f.env());
}

// The link `clipnote record --upload` printed (stdout: the file, then the link).
std::string printed_link(const ChildProcess& p) {
    const std::string out = p.stdout_text();
    return first_line(out.substr(out.find('\n') + 1));
}

// The object behind `link`, saved among the test's files.
std::string fetch_object(const QueueCliFixture& f, const std::string& link) {
    const std::string object = f.dir.file("object.mp4");
    std::ofstream(object, std::ios::binary) << curl_cli(link).body;
    return object;
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
    // Uploaded while recording: the object is the same packets as the local file, with its moov
    // at the end instead of the front (docs/INSTANT_LINK_LAYOUT.md).
    const std::string object = f.dir.file("object.mp4");
    std::ofstream(object, std::ios::binary) << curl_cli(r.link).body;
    const MediaInfo remote = probe_media(object), local = probe_media(r.file);
    REQUIRE(remote.video());
    CHECK(remote.video()->packet_count == local.video()->packet_count);
    CHECK(remote.duration_s == doctest::Approx(local.duration_s).epsilon(0.01));
    const nlohmann::json h = f.history();
    REQUIRE(h.size() == 1);
    CHECK(h[0]["file"] == r.file);
    CHECK(h[0]["state"] == "uploaded");
    CHECK(h[0]["destination"] == "team");
    CHECK(h[0]["link"] == r.link);
    CHECK(occurrences(f.stored_bytes(), kQueueSecret) == 0);
    CHECK(occurrences(r.run.out + r.run.err, kQueueSecret) == 0);
    // expires = "1h": the user is told until when the presigned link works.
    CHECK(r.run.err.find("note: the link is presigned; it works until 20") != std::string::npos);
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

TEST_CASE("record --upload to S3 sends parts while recording; the object plays in full at the link printed at stop") {
    QueueCliFixture f;
    const std::string out = f.dir.file("live.mp4");
    // Lossless 720p: ~1.6 MB a second, so 14 s fill four 5 MiB parts, two of them while recording.
    std::vector<std::string> argv{CLIPNOTE_UPLOAD_CLI, "record", "--screen", "lavfi:testsrc2=size=1280x720:rate=30",
                                  "--crf", "0", "--duration", "14", "-o", out, "--config", f.config(), "--upload"};
    ChildProcess p(argv, f.env());
    // A part arrives while the recording is still going (its summary line is not out yet).
    bool part_during_recording = false;
    REQUIRE_MESSAGE(eventually([&] {
        const auto parts = nlohmann::json::parse(f.s3.multipart_parts());
        for (const auto& [id, numbers] : parts.items())
            if (!numbers.empty()) part_during_recording = p.stderr_text().find("Saved ") == std::string::npos;
        return !parts.empty() && part_during_recording;
    }, 60s), p.stderr_text() << f.s3.request_log());
    REQUIRE(p.wait_for(120s) == 0);
    INFO(p.stderr_text());
    const std::string link = printed_link(p);
    CHECK(p.stderr_text().find("while recording") != std::string::npos);

    const std::string object = fetch_object(f, link);
    const MediaInfo remote = probe_media(object), local = probe_media(out);
    REQUIRE(remote.video());
    CHECK(remote.video()->packet_count == local.video()->packet_count);
    CHECK(remote.duration_s == doctest::Approx(local.duration_s).epsilon(0.01));
    CHECK(decode_video(object).size() == static_cast<std::size_t>(local.video()->packet_count));
    // A colleague's browser plays it from the link: the true duration (within 50 ms), and it seeks.
    const std::string seen = chromium_video_report(link);
    INFO(seen);
    CHECK(std::abs(reported_duration(seen) - local.duration_s) <= 0.05);
    CHECK(reported_seek(seen) == doctest::Approx(local.duration_s / 2).epsilon(0.05));
    CHECK(reported_played(seen) > reported_seek(seen));
    // Every part went up once: nothing sent during the recording changed afterwards.
    std::map<int, int> puts;
    for (const auto& e : nlohmann::json::parse(f.s3.request_log()))
        if (e["method"] == "PUT" && e.value("part", 0) > 0 && e["status"] == 200) ++puts[e["part"].get<int>()];
    CHECK(puts.size() >= 3);
    for (const auto& part : puts) CHECK_MESSAGE(part.second == 1, "part " << part.first);  // clang 14: no binding in CHECK
    CHECK_FALSE(std::filesystem::exists(f.dir.file(".clipnote-upload/live.mp4")));  // the spool is gone
    const nlohmann::json h = f.history();
    REQUIRE(h.size() == 1);
    CHECK(h[0]["state"] == "uploaded");
    CHECK(h[0]["file"] == out);
    CHECK(h[0]["link"] == link);
}

TEST_CASE("record --upload to S3: when the object cannot be completed at stop, the link printed still works after queue --retry") {
    QueueCliFixture f;
    // CompleteMultipartUpload fails on both attempts (retries = 1), then the server is fine again.
    f.s3.set_faults(R"([{"match": "^POST /recordings/.*uploadId=", "status": 500, "times": 2}])");
    const std::string out = f.dir.file("pending.mp4");
    const RunResult r = f.run({"record", "--screen", "lavfi:testsrc2=size=320x240:rate=30", "--duration", "2", "-o", out,
                               "--config", f.config(), "--upload"});
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("`clipnote queue --retry` will complete it at the same link") != std::string::npos);
    const std::string link = first_line(r.out.substr(r.out.find('\n') + 1));
    REQUIRE(link.rfind(f.s3.endpoint(), 0) == 0);
    CHECK(curl_cli(link).http_status == 404);  // pending: no object yet
    nlohmann::json h = f.history();
    REQUIRE(h.size() == 1);
    CHECK(h[0]["state"] == "pending");  // History says so, with the link already handed out
    CHECK(h[0]["link"] == link);

    const RunResult retry = f.run({"queue", "--retry", "--config", f.config()});
    INFO(retry.err);
    REQUIRE(retry.exit_code == 0);
    const std::string object = fetch_object(f, link);
    const MediaInfo remote = probe_media(object), local = probe_media(out);
    REQUIRE(remote.video());
    CHECK(remote.video()->packet_count == local.video()->packet_count);
    CHECK(nlohmann::json::parse(f.s3.multipart_parts()).empty());  // completed: no parts left over
    CHECK_FALSE(std::filesystem::exists(f.dir.file(".clipnote-upload/pending.mp4")));  // the spool went with it
    h = f.history();
    REQUIRE(h.size() == 1);
    CHECK(h[0]["file"] == out);  // History lists the recording, not the spool
    CHECK(h[0]["state"] == "uploaded");
}

TEST_CASE("record --upload to S3: the network goes away for 4 s mid-recording; the recording goes on and the object is whole") {
    QueueCliFixture f;
    const std::string out = f.dir.file("outage.mp4");
    ChildProcess p = record_live(f, out, "14");
    // Once the first part is up, the network goes away.
    REQUIRE(eventually([&] { return !upload_with_parts(f).empty(); }, 60s));
    const CurlResult down = curl_cli(f.s3.endpoint() + "/__gate/down", {"-X", "POST", "--data-binary", R"({"seconds": 4})"});
    REQUIRE(down.http_status == 204);
    REQUIRE(p.wait_for(120s) == 0);
    INFO(p.stderr_text());
    bool dropped = false;
    for (const auto& e : nlohmann::json::parse(f.s3.request_log())) dropped = dropped || e["reason"] == "outage";
    CHECK(dropped);  // the outage did hit the upload
    const std::string link = printed_link(p);
    const std::string object = fetch_object(f, link);
    const MediaInfo remote = probe_media(object), local = probe_media(out);
    REQUIRE(remote.video());
    CHECK(remote.video()->packet_count == local.video()->packet_count);
    CHECK(decode_video(object).size() == static_cast<std::size_t>(local.video()->packet_count));
    CHECK(local.video()->packet_count >= 14 * 30 - 2);  // the recording itself went on
}

TEST_CASE("record --upload to S3: killed -9 mid-recording, `queue --retry` completes the object at the key chosen at start") {
    QueueCliFixture f;
    const std::string out = f.dir.file("killed.mp4");
    ChildProcess p = record_live(f, out, "");
    // Killed once a part is up: the bucket holds an unfinished multipart upload.
    REQUIRE_MESSAGE(eventually([&] { return !upload_with_parts(f).empty(); }, 60s), p.stderr_text() << f.s3.request_log());
    p.send_signal(SIGKILL);
    REQUIRE(p.wait_for(10s).has_value());

    // The recording is listed, queued for the destination it was going to.
    nlohmann::json h = f.history();
    REQUIRE(h.size() == 1);
    CHECK(h[0]["file"] == out);
    CHECK(h[0]["state"] == "queued");

    const std::string spool = f.dir.file(".clipnote-upload/killed.mp4");
    CHECK(std::filesystem::exists(spool));  // what the killed process was sending

    const RunResult retry = f.run({"queue", "--retry", "--config", f.config()});
    INFO(retry.err);
    REQUIRE(retry.exit_code == 0);
    CHECK_FALSE(std::filesystem::exists(spool));  // clipnote's own copy goes once the object is complete
    CHECK_FALSE(std::filesystem::exists(f.dir.file(".clipnote-upload")));
    h = f.history();
    REQUIRE(h.size() == 1);
    CHECK(h[0]["state"] == "uploaded");
    const std::string link = h[0]["link"];
    // The same object the recording began: its key, its multipart upload (completed, so no
    // orphaned parts are left to bill).
    std::string started_key;
    for (const auto& e : nlohmann::json::parse(f.s3.request_log()))
        if (e["method"] == "POST" && e["path"].get<std::string>().rfind("/recordings/", 0) == 0 && started_key.empty())
            started_key = e["path"].get<std::string>();
    REQUIRE_FALSE(started_key.empty());
    CHECK(link.find(started_key.substr(0, started_key.find('?'))) != std::string::npos);
    CHECK(nlohmann::json::parse(f.s3.multipart_parts()).empty());
    // The object is the recording as the kill left it (fragmented: it plays to its last second).
    const CurlResult object = curl_cli(link);
    REQUIRE(object.http_status == 200);
    CHECK(object.body == read_binary_file(out));
    const MediaInfo local = probe_media(out);
    REQUIRE(local.video());
    CHECK(local.video()->packet_count >= 30);
    CHECK(decode_video(out).size() == static_cast<std::size_t>(local.video()->packet_count));
}

TEST_CASE("record --upload to S3: the credentials stop working mid-recording; the recording is kept and queue --retry completes the object at the link") {
    QueueCliFixture f;
    const std::string out = f.dir.file("expired.mp4");
    ChildProcess p = record_live(f, out, "12");
    REQUIRE(eventually([&] { return !upload_with_parts(f).empty(); }, 60s));
    // From now on the server refuses every part, as it does once temporary credentials expire.
    f.s3.set_faults(R"([{"match": "^PUT /recordings/.*partNumber=", "status": 403, "times": 100000}])");
    REQUIRE(p.wait_for(120s) == 1);
    INFO(p.stderr_text());
    CHECK(p.stderr_text().find("`clipnote queue --retry` will complete it at the same link") != std::string::npos);
    const MediaInfo local = probe_media(out);  // the recording went on and is whole
    REQUIRE(local.video());
    CHECK(local.video()->packet_count >= 12 * 30 - 2);
    const std::string link = printed_link(p);
    REQUIRE(link.rfind(f.s3.endpoint(), 0) == 0);

    f.s3.set_faults("[]");  // fresh credentials
    const RunResult retry = f.run({"queue", "--retry", "--config", f.config()});
    INFO(retry.err);
    REQUIRE(retry.exit_code == 0);
    const std::string object = fetch_object(f, link);
    const MediaInfo remote = probe_media(object);
    REQUIRE(remote.video());
    CHECK(remote.video()->packet_count == local.video()->packet_count);
    CHECK(decode_video(object).size() == static_cast<std::size_t>(local.video()->packet_count));
}

TEST_CASE("record --upload to S3 behind a 2 MB/s uplink: the parts keep up with the recording, so at stop only the tail is left") {
    QueueCliFixture f;
    const CurlResult up = curl_cli(f.s3.endpoint() + "/__gate/uplink",
                                   {"-X", "POST", "--data-binary", R"({"bytesPerSecond": 2000000})"});
    REQUIRE(up.http_status == 204);
    const std::string out = f.dir.file("throttled.mp4");
    ChildProcess p = record_live(f, out, "14");  // ~1.5 MB a second: under the uplink
    REQUIRE(p.wait_for(180s) == 0);
    INFO(p.stderr_text());
    std::smatch m;
    const std::string err = p.stderr_text();
    static const std::regex left(R"(\((\d+) parts?\) left at stop)");
    REQUIRE(std::regex_search(err, m, left));
    const int parts_left = std::stoi(m[1]);
    std::map<int, int> puts;
    for (const auto& e : nlohmann::json::parse(f.s3.request_log()))
        if (e["method"] == "PUT" && e.value("part", 0) > 0 && e["status"] == 200) ++puts[e["part"].get<int>()];
    MESSAGE(parts_left << " of " << puts.size() << " parts left at stop");
    CHECK(puts.size() >= 3);
    // The tail, and at most one part that became whole as the recording ended.
    CHECK(parts_left <= 2);
    const std::string link = printed_link(p);
    const std::string object = fetch_object(f, link);
    const MediaInfo remote = probe_media(object), local = probe_media(out);
    REQUIRE(remote.video());
    CHECK(remote.video()->packet_count == local.video()->packet_count);
}
