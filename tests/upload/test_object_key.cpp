// Names that reach a server: no traversal, no control characters, nothing empty.
#include <doctest/doctest.h>

#include "common/error.h"
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
