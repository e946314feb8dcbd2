#pragma once
// The share page: a small static index.html that goes beside a shared video (or GIF) in the same
// folder, so that the link pasted into Slack, Discord, Mattermost or an issue unfurls with the
// title and the poster, and opens a page that plays the video. No server: the page is an object
// like the video. Chat apps read the Open Graph and Twitter tags; Discord plays inline only a
// direct MP4/WebM, so og:video points at the video itself, never at an iframe.
#include <cstdint>
#include <string>

namespace clipnote::upload {

// The page's and the poster's names in the video's folder.
inline constexpr const char* kSharePageName = "index.html";
inline constexpr const char* kPosterName = "poster.jpg";

struct SharePage {
    std::string title;
    std::string media_url;   // the video or GIF, absolute
    std::string media_type;  // "video/mp4", "image/gif", ...
    int width = 0, height = 0;
    double duration_s = 0;
    std::string poster_url;  // absolute; "" when there is none (a GIF is its own picture)
    int poster_width = 0, poster_height = 0;
    std::int64_t recorded_at = 0;  // unix seconds; 0: unknown
};

// The page's HTML (UTF-8); every text and URL escaped.
std::string share_page_html(const SharePage& page);

// "<>&\"'" escaped for HTML text and attribute values.
std::string html_escape(const std::string& text);

}  // namespace clipnote::upload
