// The share page (upload/share_page/, app/share/publish_page.h): with `share_page = true` the
// poster and an index.html go beside the video in its folder and the link is the page's. Checked
// as a colleague's browser and a chat app's unfurler see it: Chromium opens the link, parses the
// page, plays its <video>; every URL in the og:/twitter: tags fetches with the right type.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "queue_cli_fixture.h"
#include "support/browser_video.h"
#include "support/media_probe.h"
#include "test_helpers.h"

using namespace clipnote::test;

namespace {

// "200 video/mp4": the status and Content-Type of a GET of `url`.
std::string status_and_type(const std::string& url) {
    return run_command({"curl", "-sS", "-o", "/dev/null", "-w", "%{http_code} %{content_type}", url}).out;
}

// Records `seconds` of `screen` (a lavfi graph) into `file`, uploads it with `upload_args` and
// returns the printed link.
std::string record_and_upload(const QueueCliFixture& f, const std::string& file, const std::string& screen,
                              const std::string& seconds, std::vector<std::string> upload_args = {}) {
    const RunResult rec = f.run({"record", "--screen", "lavfi:" + screen, "--duration", seconds, "-o", file, "--config",
                                 f.config()});
    REQUIRE_MESSAGE(rec.exit_code == 0, rec.err);
    upload_args.insert(upload_args.begin(), {"upload", file, "--config", f.config()});
    const RunResult up = f.run(upload_args);
    REQUIRE_MESSAGE(up.exit_code == 0, up.err);
    return first_line(up.out);
}

}  // namespace

TEST_CASE("upload to S3 with a share page: the link is a page that unfurls with title and poster and plays the video") {
    QueueCliFixture f("retries = 1\nshare_page = true\n");  // the default, said here (the fixture turns it off)
    const std::string clip = f.dir.file("standup.mp4");
    const std::string title = "Standup <b>notes</b> & \"plans\"";  // escaped in the page, shown as typed
    const std::string link = record_and_upload(f, clip, "testsrc2=size=640x360:rate=30", "3", {"--title", title});
    CHECK(without_ids(link).rfind(f.s3.endpoint() + "/recordings/<id>/index.html?X-Amz-", 0) == 0);
    CHECK(status_and_type(link) == "200 text/html; charset=utf-8");

    const PageReport seen = chromium_page_report(link);
    INFO(seen.video);
    INFO(seen.page.dump());
    const MediaInfo local = probe_media(clip);
    CHECK(std::abs(reported_duration(seen.video) - local.duration_s) <= 0.05);
    CHECK(reported_played(seen.video) > reported_seek(seen.video));  // the page's own <video> plays
    const nlohmann::json& meta = seen.page["meta"];
    CHECK(seen.page["title"] == title);
    CHECK(seen.page["h1"] == title);
    CHECK(meta.value("og:title", "") == title);
    CHECK(meta.value("og:type", "") == "video.other");
    CHECK(meta.value("og:video:type", "") == "video/mp4");
    CHECK(meta.value("og:video:width", "") == "640");
    CHECK(meta.value("og:video:height", "") == "360");
    CHECK(meta.value("twitter:card", "") == "player");
    // The video in the tags is the page's <video>, in the same folder, and is the file itself.
    const std::string video = meta.value("og:video", "");
    CHECK(seen.page["src"] == video);
    CHECK(meta.value("og:video:secure_url", "") == video);
    CHECK(meta.value("twitter:player:stream", "") == video);
    CHECK(without_ids(video).rfind(f.s3.endpoint() + "/recordings/<id>/standup.mp4?", 0) == 0);
    CHECK(key_parts(video.substr(0, video.find('?'))).id == key_parts(link.substr(0, link.find('?'))).id);
    CHECK(status_and_type(video) == "200 video/mp4");
    CHECK(curl_cli(video).body == read_binary_file(clip));
    // The poster: a JPEG of the size the tags say, shown by the page's <video> before it plays.
    const std::string poster = meta.value("og:image", "");
    CHECK(seen.page["poster"] == poster);
    CHECK(status_and_type(poster) == "200 image/jpeg");
    const std::string jpeg = f.dir.file("poster.jpg");
    std::ofstream(jpeg, std::ios::binary) << curl_cli(poster).body;
    const MediaInfo picture = probe_media(jpeg);
    REQUIRE(picture.video());
    CHECK(std::to_string(picture.video()->width) == meta.value("og:image:width", ""));
    CHECK(std::to_string(picture.video()->height) == meta.value("og:image:height", ""));
    CHECK(picture.video()->width == 640);

    const nlohmann::json h = f.history();
    REQUIRE(h.size() >= 1);
    CHECK(h[0]["link"] == link);
}

TEST_CASE("upload a GIF to S3 with a share page: the page shows the GIF, and the GIF is its og:image") {
    QueueCliFixture f("retries = 1\nshare_page = true\n");  // the default, said here (the fixture turns it off)
    const std::string gif = f.dir.file("thumbs-up.gif");
    const std::string link = record_and_upload(f, gif, "testsrc2=size=320x240:rate=15", "1");
    CHECK(without_ids(link).rfind(f.s3.endpoint() + "/recordings/<id>/index.html?", 0) == 0);
    const PageReport seen = chromium_page_report(link);
    INFO(seen.page.dump());
    const nlohmann::json& meta = seen.page["meta"];
    CHECK(meta.value("og:title", "") == "thumbs-up.gif");
    CHECK(meta.value("og:type", "") == "website");
    CHECK(meta.value("og:image:width", "") == "320");
    CHECK(meta.value("twitter:card", "") == "summary_large_image");
    CHECK_FALSE(meta.contains("og:video"));
    const std::string image = meta.value("og:image", "");
    CHECK(without_ids(image).rfind(f.s3.endpoint() + "/recordings/<id>/thumbs-up.gif?", 0) == 0);
    CHECK(status_and_type(image) == "200 image/gif");
    CHECK(curl_cli(image).body == read_binary_file(gif));
}

TEST_CASE("history --delete asks first, then removes the video, its page and poster from S3, and the entry") {
    QueueCliFixture f("retries = 1\nshare_page = true\n");
    const std::string clip = f.dir.file("oops.mp4");
    const std::string link = record_and_upload(f, clip, "testsrc2=size=320x240:rate=30", "1");
    const nlohmann::json entry = f.history()[0];
    const std::string id = "#" + std::to_string(entry["id"].get<int>());
    const nlohmann::json meta = chromium_page_report(link).page["meta"];
    const std::string video = meta.value("og:video", ""), poster = meta.value("og:image", "");
    REQUIRE(status_and_type(video).rfind("200", 0) == 0);
    REQUIRE(status_and_type(poster).rfind("200", 0) == 0);

    // No terminal to ask on: nothing happens without --yes.
    const RunResult asked = f.run({"history", "--delete", id, "--config", f.config()});
    CHECK(asked.exit_code != 0);
    CHECK(asked.err.find("add --yes") != std::string::npos);
    CHECK(status_and_type(link).rfind("200", 0) == 0);

    const RunResult deleted = f.run({"history", "--delete", id, "--yes", "--config", f.config()});
    INFO(deleted.err);
    REQUIRE(deleted.exit_code == 0);
    CHECK(status_and_type(link).rfind("404", 0) == 0);
    CHECK(status_and_type(video).rfind("404", 0) == 0);
    CHECK(status_and_type(poster).rfind("404", 0) == 0);
    for (const auto& e : f.history()) CHECK(e["id"] != entry["id"]);  // the entry is gone (the recording's own stays)
    CHECK(std::filesystem::exists(clip));  // the recording itself stays (--delete-file removes it)
    CHECK(deleted.err.find("Deleted " + id + " here and from team") != std::string::npos);
}

namespace {

// A bucket anyone may read (a public-read policy) and a config whose links are public ones on it.
struct PublicSiteFixture {
    S3GateServer s3{kQueueAccessKey, kQueueSecret, {"site:public-read"}};
    TempDir dir{"clipnote-public-"};
    PublicSiteFixture() {
        std::ofstream(dir.file("config.toml"))
            << "[destination.site]\nkind = \"s3\"\nendpoint = \"" << s3.endpoint()
            << "\"\nbucket = \"site\"\npath_style = true\naccess_key_env = \"QUEUE_S3_KEY\"\n"
               "secret_key_env = \"QUEUE_S3_SECRET\"\nlink = \"public\"\npublic_base_url = \""
            << base() << "\"\nretries = 1\n";
    }
    std::string base() const { return s3.endpoint() + "/site"; }
    RunResult run(std::vector<std::string> args) const {
        args.insert(args.begin(), CLIPNOTE_UPLOAD_CLI);
        args.insert(args.end(), {"--config", dir.file("config.toml")});
        return run_command(args, {{"QUEUE_S3_KEY", kQueueAccessKey}, {"QUEUE_S3_SECRET", kQueueSecret},
                                  {"DISPLAY", ""}, {"WAYLAND_DISPLAY", ""}, {"XDG_DATA_HOME", dir.file("data")}},
                           std::chrono::seconds(120));
    }
    // Records `seconds` of `screen` into `file` and uploads it with `extra` options: the link printed.
    std::string record_and_upload(const std::string& file, const std::string& screen, const std::string& seconds,
                                  std::vector<std::string> extra = {}) const {
        const RunResult rec = run({"record", "--screen", "lavfi:" + screen, "--duration", seconds, "-o", file});
        REQUIRE_MESSAGE(rec.exit_code == 0, rec.err);
        extra.insert(extra.begin(), {"upload", file});
        const RunResult up = run(extra);
        REQUIRE_MESSAGE(up.exit_code == 0, up.err);
        return first_line(up.out);
    }
};

// How many pixels of `frame` are near `rgb` (each channel within 60).
int pixels_near(const RgbFrame& frame, std::array<int, 3> rgb) {
    int n = 0;
    for (std::size_t i = 0; i + 2 < frame.rgb.size(); i += 3)
        if (std::abs(frame.rgb[i] - rgb[0]) < 60 && std::abs(frame.rgb[i + 1] - rgb[1]) < 60 &&
            std::abs(frame.rgb[i + 2] - rgb[2]) < 60)
            ++n;
    return n;
}

}  // namespace

TEST_CASE("public S3 links: the page, poster and video read without a signature; two uploads of update.mp4 keep "
          "two working links; --link-format video gives the file's own") {
    PublicSiteFixture f;
    const std::string clip = f.dir.file("update.mp4");
    const std::string first = f.record_and_upload(clip, "testsrc2=size=320x240:rate=30", "1");
    const std::string first_bytes = read_binary_file(clip);
    const double first_duration = probe_media(clip).duration_s;
    CHECK(without_ids(first) == f.base() + "/<id>/index.html");
    CHECK(status_and_type(first) == "200 text/html; charset=utf-8");  // curl signs nothing: the page is public

    // The same name again, other pictures: another folder, and the first link keeps its own video.
    const std::string second = f.record_and_upload(clip, "smptebars=size=320x240:rate=30", "2");
    CHECK(without_ids(second) == f.base() + "/<id>/index.html");
    CHECK(second != first);
    const PageReport seen = chromium_page_report(first);
    INFO(seen.video);
    INFO(seen.page.dump());
    CHECK(std::abs(reported_duration(seen.video) - first_duration) <= 0.05);
    CHECK(reported_played(seen.video) > reported_seek(seen.video));
    const nlohmann::json& meta = seen.page["meta"];
    const std::string video = meta.value("og:video", "");
    CHECK(without_ids(video) == f.base() + "/<id>/update.mp4");
    CHECK(key_parts(video).id == key_parts(first).id);
    CHECK(status_and_type(video) == "200 video/mp4");
    CHECK(curl_cli(video).body == first_bytes);
    CHECK(status_and_type(meta.value("og:image", "")) == "200 image/jpeg");
    const PageReport second_seen = chromium_page_report(second);
    CHECK(std::abs(reported_duration(second_seen.video) - probe_media(clip).duration_s) <= 0.05);
    CHECK(curl_cli(second_seen.page["meta"].value("og:video", "")).body == read_binary_file(clip));

    // History keeps the page as the link and the video's own beside it.
    const RunResult history = f.run({"history", "--json"});
    REQUIRE(history.exit_code == 0);
    const nlohmann::json h = nlohmann::json::parse(history.out);
    const auto entry = std::find_if(h.begin(), h.end(), [&](const nlohmann::json& e) { return e["link"] == first; });
    REQUIRE(entry != h.end());
    CHECK((*entry)["media_link"] == video);

    // --link-format video: the file itself, for players and embeds (its page is made all the same).
    const std::string raw = f.record_and_upload(clip, "testsrc2=size=320x240:rate=30", "1", {"--link-format", "video"});
    CHECK(without_ids(raw) == f.base() + "/<id>/update.mp4");
    CHECK(status_and_type(raw) == "200 video/mp4");
    CHECK(status_and_type(raw.substr(0, raw.rfind('/')) + "/index.html") == "200 text/html; charset=utf-8");
}

TEST_CASE("local destination with share_page: a file:// page that plays in Chromium and shows its poster first") {
    QueueCliFixture f;
    const std::string config = f.dir.file("local.toml");
    std::ofstream(config) << "[destination.disk]\nkind = \"local\"\nfolder = \"" << f.dir.file("shared")
                          << "\"\nshare_page = true\n";
    const std::string clip = f.dir.file("bars.mp4");
    const RunResult rec = f.run({"record", "--screen", "lavfi:smptebars=size=640x360:rate=30,fade=in:d=1", "--duration", "2.5", "-o",
                                 clip, "--config", config});
    REQUIRE_MESSAGE(rec.exit_code == 0, rec.err);
    const RunResult up = f.run({"upload", clip, "--config", config});
    REQUIRE_MESSAGE(up.exit_code == 0, up.err);
    const std::string link = first_line(up.out);
    CHECK(without_ids(link) == "file://" + f.dir.file("shared") + "/<id>/index.html");

    const std::string shot = f.dir.file("page.png");
    const PageReport seen = chromium_page_report(link, shot);
    INFO(seen.video);
    INFO(seen.page.dump());
    CHECK(std::abs(reported_duration(seen.video) - probe_media(clip).duration_s) <= 0.05);
    CHECK(reported_played(seen.video) > reported_seek(seen.video));
    CHECK(seen.page["h1"] == "bars.mp4");
    CHECK(without_ids(seen.page["poster"].get<std::string>()) == "file://" + f.dir.file("shared") + "/<id>/poster.jpg");
    // Before it plays, the page shows the poster: the colour bars fill the video's box (the first
    // picture, which a page without a poster shows, is black: the clip fades in).
    const std::vector<RgbFrame> picture = decode_video(shot, 1);
    REQUIRE(picture.size() == 1);
    CHECK(picture[0].width == 800);
    const int area = picture[0].width * picture[0].height;
    CHECK(pixels_near(picture[0], {191, 0, 191}) > area / 50);  // magenta bar
    CHECK(pixels_near(picture[0], {191, 191, 0}) > area / 50);  // yellow bar
    CHECK(f.history()[0]["media_link"] == "file://" + f.dir.file("shared") + "/" + key_parts(link).id + "/bars.mp4");
}
