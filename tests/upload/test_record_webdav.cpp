// `clipnote record --upload` to a WebDAV destination (nginx's dav module): the recording streams
// to the server in one chunked PUT while it is made, and the link printed at stop plays in full;
// a server that cannot take a chunked body gets the finished recording after it instead. The CLI
// and History say which happened.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "fixtures/net.h"
#include "fixtures/webdav_server.h"
#include "support/app_trace.h"
#include "support/browser_video.h"
#include "support/child_process.h"
#include "support/media_probe.h"
#include "support/temp_dir.h"
#include "test_helpers.h"

using namespace clipnote::test;
using namespace std::chrono_literals;

namespace {

const std::string kPassword = "dav-record-secret-7Hq";

struct RecordDavFixture {
    WebdavServer server{"me", kPassword};
    TempDir dir{"clipnote-record-dav-"};

    // `folder`: "dav/" streams; "sized/" refuses a body without a length.
    std::string config(const std::string& folder) const {
        const std::string path = dir.file("config.toml");
        std::ofstream(path) << "default = \"nas\"\n[destination.nas]\nkind = \"webdav\"\nurl = \"" + server.base() +
                                   "/" + folder + "\"\nusername = \"me\"\npassword_env = \"DAV_PASSWORD\"\n"
                                   "public_base_url = \"" + server.public_url() + folder + "\"\nretries = 1\n" + extra;
        return path;
    }
    std::string extra = "share_page = false\n";  // more lines for the destination (the video itself, by default)
    EnvVars env() const {
        return {{"DAV_PASSWORD", kPassword}, {"DISPLAY", ""}, {"WAYLAND_DISPLAY", ""},
                {"XDG_DATA_HOME", dir.file("data")}};
    }
    // Lossless 720p (~1.6 MB a second): a part every few seconds.
    std::vector<std::string> record(const std::string& out, const std::string& folder, const std::string& seconds) const {
        return {CLIPNOTE_UPLOAD_CLI, "record",   "--screen", "lavfi:testsrc2=size=1280x720:rate=30",
                "--crf",             "0",        "--duration", seconds,
                "-o",                out,        "--config", config(folder),
                "--upload"};
    }
    nlohmann::json history() const {
        const RunResult r = run_command({CLIPNOTE_UPLOAD_CLI, "history", "--json"}, env());
        REQUIRE(r.exit_code == 0);
        return nlohmann::json::parse(r.out);
    }
    bool body_arriving() const {
        for (const auto& e : std::filesystem::directory_iterator(server.body_dir()))
            if (e.is_regular_file() && e.file_size() > 0) return true;
        return false;
    }
};

// stdout: the recording's path, then the link.
std::string printed_link(const std::string& out) {
    const std::string rest = out.substr(out.find('\n') + 1);
    return rest.substr(0, rest.find('\n'));
}

}  // namespace

TEST_CASE("record --upload to WebDAV streams while recording; the link printed at stop plays in full") {
    RecordDavFixture f;
    const std::string out = f.dir.file("live.mp4");
    ChildProcess p(f.record(out, "dav/", "12"), f.env());
    // The body arrives at the server while the recording is still going (its summary is not out).
    bool during_recording = false;
    REQUIRE_MESSAGE(eventually([&] {
        during_recording = f.body_arriving() && p.stderr_text().find("Saved ") == std::string::npos;
        return during_recording;
    }, 60s), p.stderr_text() << f.server.logs());
    REQUIRE(p.wait_for(120s) == 0);
    INFO(p.stderr_text());
    CHECK(p.stderr_text().find("to nas while recording") != std::string::npos);
    const std::string link = printed_link(p.stdout_text());
    REQUIRE(link.rfind(f.server.public_url() + "dav/", 0) == 0);

    const std::string object = f.dir.file("object.mp4");
    std::ofstream(object, std::ios::binary) << curl_cli(link).body;
    const MediaInfo remote = probe_media(object), local = probe_media(out);
    REQUIRE(remote.video());
    CHECK(remote.video()->packet_count == local.video()->packet_count);
    CHECK(decode_video(object).size() == static_cast<std::size_t>(local.video()->packet_count));
    const std::string seen = chromium_video_report(link);
    INFO(seen);
    CHECK(std::abs(reported_duration(seen) - local.duration_s) <= 0.05);
    CHECK(reported_played(seen) > reported_seek(seen));
    CHECK(occurrences(f.server.logs(), "\"PUT /dav/") == 1);  // one streamed request, not an upload after it
    const nlohmann::json h = f.history();
    REQUIRE(h.size() == 1);
    CHECK(h[0]["state"] == "uploaded");
    CHECK(h[0]["link"] == link);
    CHECK(h[0]["note"] == "sent while recording");
}

TEST_CASE("record --upload to a WebDAV server that wants a Content-Length: the recording goes up after it, and History says so") {
    RecordDavFixture f;
    const std::string out = f.dir.file("sized.mp4");
    const RunResult r = run_command(f.record(out, "sized/", "3"), f.env(), 120s);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.find("uploading the recording now instead") != std::string::npos);
    const std::string link = printed_link(r.out);
    REQUIRE(link.rfind(f.server.public_url() + "sized/", 0) == 0);
    CHECK(curl_cli(link).body == read_binary_file(out));  // the finished recording, whole
    const nlohmann::json h = f.history();
    REQUIRE(h.size() == 1);
    CHECK(h[0]["state"] == "uploaded");
    CHECK(h[0]["link"] == link);
    const std::string note = h[0]["note"];
    CHECK(note.rfind("sent after the recording: ", 0) == 0);
    CHECK(note.find("411") != std::string::npos);
}

TEST_CASE("record --upload to WebDAV with a share page: the link printed at stop is the page, which plays the video sent while recording") {
    RecordDavFixture f;
    f.extra = "share_page = true\n";
    const std::string out = f.dir.file("demo.mp4");
    const RunResult r = run_command(f.record(out, "dav/", "4"), f.env(), 120s);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.find("while recording") != std::string::npos);
    const std::string link = printed_link(r.out);
    CHECK(without_ids(link) == f.server.public_url() + "dav/<id>/index.html");
    const PageReport seen = chromium_page_report(link);
    INFO(seen.video);
    const MediaInfo local = probe_media(out);
    CHECK(std::abs(reported_duration(seen.video) - local.duration_s) <= 0.05);
    CHECK(reported_played(seen.video) > reported_seek(seen.video));
    const std::string video = seen.page["meta"].value("og:video", "");
    CHECK(video == link.substr(0, link.rfind('/') + 1) + "demo.mp4");
    CHECK(seen.page["poster"] == link.substr(0, link.rfind('/') + 1) + "poster.jpg");
    CHECK(occurrences(f.server.logs(), "\"PUT /dav/") == 3);  // the streamed video, the poster, the page
    const nlohmann::json h = f.history();
    REQUIRE(h.size() == 1);
    CHECK(h[0]["link"] == link);
    CHECK(h[0]["media_link"] == video);
}
