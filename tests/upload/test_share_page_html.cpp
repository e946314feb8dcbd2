// The share page's HTML (upload/share_page/share_page.h) as text: what is escaped and what is left
// out. How browsers and unfurlers read it is checked against the real page in test_share_page.cpp.
#include <doctest/doctest.h>

#include "upload/share_page/share_page.h"

using namespace clipnote::upload;

namespace {

SharePage page_of(const std::string& title, const std::string& url, const std::string& type, int width, int height) {
    SharePage p;
    p.title = title;
    p.media_url = url;
    p.media_type = type;
    p.width = width;
    p.height = height;
    return p;
}

}  // namespace

TEST_CASE("share page HTML: titles and URLs are escaped, so a title cannot add markup or break out of a tag") {
    const std::string html = share_page_html(page_of("<script>alert(1)</script> \"quoted\" & 'single'",
                                                     "https://x.example/a/clip.mp4?sig=a&b=\"c\"", "video/mp4", 1280, 720));
    CHECK(html.find("<script>") == std::string::npos);
    CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &amp; &#39;single&#39;") != std::string::npos);
    CHECK(html.find("sig=a&amp;b=&quot;c&quot;") != std::string::npos);
    CHECK(html.find("b=\"c\"") == std::string::npos);
}

TEST_CASE("share page HTML: unknown sizes are left out rather than written as 0, which would hide the video") {
    const std::string html = share_page_html(page_of("clip", "https://x.example/clip.mp4", "video/mp4", 0, 0));
    CHECK(html.find("width=\"0\"") == std::string::npos);
    CHECK(html.find("og:video:width") == std::string::npos);
    CHECK(html.find("poster=") == std::string::npos);  // no poster either
    CHECK(html.find("<video controls") != std::string::npos);
}

TEST_CASE("share page HTML: a GIF is the page's picture and its og:image, with no og:video") {
    const std::string html = share_page_html(page_of("thumbs up", "https://x.example/t.gif", "image/gif", 480, 270));
    CHECK(html.find("og:video") == std::string::npos);
    CHECK(html.find("<meta property=\"og:image\" content=\"https://x.example/t.gif\">") != std::string::npos);
    CHECK(html.find("<img src=\"https://x.example/t.gif\"") != std::string::npos);
}
