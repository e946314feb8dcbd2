// Names that reach a server: no traversal, no control characters, nothing empty.
#include <doctest/doctest.h>

#include <set>

#include "common/error.h"
#include "upload/content_disposition.h"
#include "upload/desktop/link_format.h"
#include "upload/object_key.h"
#include "upload/transport/url.h"

using namespace clipnote;
using namespace clipnote::upload;

TEST_CASE("object keys lose '..', '.', empty segments and control characters") {
    CHECK(sanitize_object_key("../../etc/passwd") == "etc/passwd");
    CHECK(sanitize_object_key("a/./b//c.mp4") == "a/b/c.mp4");
    CHECK(sanitize_object_key("a\\..\\b.mp4") == "a/b.mp4");
    CHECK(sanitize_object_key(std::string("cl\x01ip\x7f\n.mp4")) == "clip.mp4");
    CHECK(sanitize_object_key("réunion 2024.mp4") == "réunion 2024.mp4");
    CHECK(sanitize_object_key("clips/", true) == "clips/");
    CHECK(sanitize_object_key("", true, true).empty());
    CHECK_THROWS_AS(sanitize_object_key("../.."), Error);
    CHECK(sanitize_file_name("../secret/x.gif") == "x.gif");
}

TEST_CASE("upload ids: 20 characters of a-z and 2-7 (100 random bits), 1000 of them all different") {
    std::set<std::string> seen;
    std::set<char> used;
    for (int i = 0; i < 1000; ++i) {
        const std::string id = new_object_id();
        REQUIRE(id.size() == 20);
        REQUIRE(id.find_first_not_of("abcdefghijklmnopqrstuvwxyz234567") == std::string::npos);
        CHECK(is_object_id(id));
        seen.insert(id);
        used.insert(id.begin(), id.end());
    }
    CHECK(seen.size() == 1000);
    CHECK(used.size() == 32);  // every symbol turns up: 5 bits per character
    CHECK_FALSE(is_object_id("ABCDEFGHIJKLMNOPQRST"));
    CHECK_FALSE(is_object_id("abc/../defghijklmnop"));
    CHECK(object_id_or_new("abcdefghijklmnopqrst") == "abcdefghijklmnopqrst");
    CHECK(object_id_or_new("") != object_id_or_new(""));
    CHECK_THROWS_AS(object_id_or_new("../../etc/passwd"), Error);
}

TEST_CASE("object keys: the upload's own folder, then the human name") {
    const std::string id = "abcdefghijklmnopqrst";
    CHECK(object_key("team/", id, "clip.mp4") == "team/abcdefghijklmnopqrst/clip.mp4");
    CHECK(object_key("", id, "2024/june/my clip.mp4") == "2024/june/abcdefghijklmnopqrst/my clip.mp4");
    CHECK(object_key("../team/", id, "../x/./y.gif") == "team/x/abcdefghijklmnopqrst/y.gif");
    CHECK(object_key("clips-", id, "a.mp4") == "clips-abcdefghijklmnopqrst/a.mp4");  // S3 prefixes are plain text
    CHECK_THROWS_AS(object_key("", "", "a.mp4"), Error);
}

TEST_CASE("Content-Disposition keeps the file name: an ASCII fallback and RFC 5987 filename*") {
    CHECK(content_disposition("clip.mp4") == "inline; filename=\"clip.mp4\"; filename*=UTF-8''clip.mp4");
    CHECK(content_disposition("réunion \"Q3\" \\ 😀.mp4") ==
          "inline; filename=\"r_union _Q3_ _ _.mp4\"; "
          "filename*=UTF-8''r%C3%A9union%20%22Q3%22%20%5C%20%F0%9F%98%80.mp4");
}

TEST_CASE("URLs are split, encoded, and printed without credentials or queries") {
    Url u = parse_url("https://user:pw@s3.example.com:9000/bucket?x=1");
    CHECK(u.scheme == "https");
    CHECK(u.host == "s3.example.com");
    CHECK(u.port == 9000);
    CHECK(u.authority() == "s3.example.com:9000");
    CHECK(parse_url("https://s3.example.com:443").authority() == "s3.example.com");
    CHECK(redact_url("https://user:pw@host/a/b?X-Amz-Signature=abc") == "https://host/a/b");
    CHECK(percent_encode("a b/ü.mp4", true) == "a%20b/%C3%BC.mp4");
    CHECK(file_uri("/tmp/a b.mp4") == "file:///tmp/a%20b.mp4");
    CHECK_THROWS_AS(parse_url("no-scheme"), Error);
}

TEST_CASE("links take the shapes chat tools paste") {
    const std::string url = "https://x.example/c.mp4";
    CHECK(format_link(LinkFormat::plain, url, "t") == url);
    CHECK(format_link(LinkFormat::markdown, url, "a [b]") == "[a \\[b\\]](https://x.example/c.mp4)");
    CHECK(format_link(LinkFormat::slack, url, "a<b>|c") == "<https://x.example/c.mp4|a&lt;b&gt;c>");
    CHECK(format_link(LinkFormat::html, url, "a&b") == "<a href=\"https://x.example/c.mp4\">a&amp;b</a>");
}

TEST_CASE("link formats: url and page are the share page's link, video the file's own; HTML beside plain text") {
    const std::string page = "https://x.example/id/index.html", video = "https://x.example/id/c.mp4";
    CHECK(parse_link_format("page") == LinkFormat::plain);
    CHECK(parse_link_format("url") == LinkFormat::plain);
    CHECK(chosen_link(LinkFormat::plain, page, video) == page);
    CHECK(chosen_link(parse_link_format("video"), page, video) == video);
    CHECK(chosen_link(LinkFormat::video, video, "") == video);  // no page: the only link there is
    CHECK(chosen_link(LinkFormat::markdown, page, video) == page);
    CHECK(clipboard_html(LinkFormat::plain, page, "A & B") ==
          "<meta charset=\"utf-8\"><a href=\"https://x.example/id/index.html\">A &amp; B</a>");
    CHECK(clipboard_html(LinkFormat::markdown, page, "t").empty());  // pasted as typed
    CHECK(clipboard_html(LinkFormat::slack, page, "t").empty());
    CHECK_THROWS_WITH(parse_link_format("gif"), doctest::Contains("url, page, video"));
}
