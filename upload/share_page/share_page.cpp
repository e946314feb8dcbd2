#include "upload/share_page/share_page.h"

#include <cmath>
#include <ctime>
#include <sstream>

namespace clipnote::upload {
namespace {

bool is_video(const std::string& type) { return type.rfind("video/", 0) == 0; }

// "1:05" or "1:02:05".
std::string length_text(double seconds) {
    const long total = std::lround(seconds);
    char buf[32];
    if (total >= 3600)
        std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", total / 3600, total / 60 % 60, total % 60);
    else
        std::snprintf(buf, sizeof buf, "%ld:%02ld", total / 60, total % 60);
    return buf;
}

// "30 Nov 2026" in UTC: the page is the same for everyone who opens it.
std::string date_text(std::int64_t unix_seconds) {
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%d %b %Y", &tm);
    return buf[0] == '0' ? buf + 1 : buf;
}

}  // namespace

std::string html_escape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string share_page_html(const SharePage& p) {
    const bool video = is_video(p.media_type);
    const std::string title = html_escape(p.title);
    const std::string media = html_escape(p.media_url);
    const std::string poster = html_escape(p.poster_url);
    std::string about;
    if (video && p.duration_s > 0) about = length_text(p.duration_s);
    if (p.recorded_at > 0) about += (about.empty() ? "" : " · ") + date_text(p.recorded_at);
    const std::string description = html_escape(about.empty() ? "Shared with clipnote" : about + " · shared with clipnote");

    // Sizes only when known (a file that could not be decoded has none): width="0" would hide it.
    const bool sized = p.width > 0 && p.height > 0;
    const std::string size_attributes =
        sized ? " width=\"" + std::to_string(p.width) + "\" height=\"" + std::to_string(p.height) + "\"" : "";
    std::ostringstream h;
    auto meta = [&](const char* attribute, const std::string& name, const std::string& content) {
        h << "<meta " << attribute << "=\"" << name << "\" content=\"" << content << "\">\n";
    };
    h << "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>" << title << "</title>\n";
    meta("name", "description", description);
    meta("property", "og:title", title);
    meta("property", "og:description", description);
    meta("property", "og:site_name", "clipnote");
    if (video) {
        meta("property", "og:type", "video.other");
        meta("property", "og:video", media);
        meta("property", "og:video:secure_url", media);
        meta("property", "og:video:type", html_escape(p.media_type));
        if (sized) {
            meta("property", "og:video:width", std::to_string(p.width));
            meta("property", "og:video:height", std::to_string(p.height));
        }
        if (!p.poster_url.empty()) {
            meta("property", "og:image", poster);
            meta("property", "og:image:width", std::to_string(p.poster_width));
            meta("property", "og:image:height", std::to_string(p.poster_height));
        }
        meta("name", "twitter:card", "player");
        meta("name", "twitter:title", title);
        if (!p.poster_url.empty()) meta("name", "twitter:image", poster);
        meta("name", "twitter:player:stream", media);
        meta("name", "twitter:player:stream:content_type", html_escape(p.media_type));
        if (sized) {
            meta("name", "twitter:player:width", std::to_string(p.width));
            meta("name", "twitter:player:height", std::to_string(p.height));
        }
    } else {
        meta("property", "og:type", "website");
        meta("property", "og:image", media);
        meta("property", "og:image:type", html_escape(p.media_type));
        if (sized) {
            meta("property", "og:image:width", std::to_string(p.width));
            meta("property", "og:image:height", std::to_string(p.height));
        }
        meta("name", "twitter:card", "summary_large_image");
        meta("name", "twitter:title", title);
        meta("name", "twitter:image", media);
    }
    h << "<style>\n"
         "body{margin:0;background:#111;color:#eee;font:16px/1.4 system-ui,sans-serif}\n"
         "main{max-width:1100px;margin:0 auto;padding:24px}\n"
         "video,img{display:block;width:100%;height:auto;max-height:80vh;background:#000;border-radius:8px}\n"
         "h1{font-size:1.4em;margin:16px 0 4px}p{margin:0;color:#aaa}a{color:#8ab4f8}\n"
         "</style>\n</head>\n<body>\n<main>\n";
    if (video)
        h << "<video controls playsinline preload=\"metadata\" src=\"" << media << "\""
          << (p.poster_url.empty() ? "" : " poster=\"" + poster + "\"") << size_attributes << "></video>\n";
    else
        h << "<img src=\"" << media << "\" alt=\"" << title << "\"" << size_attributes << ">\n";
    h << "<h1>" << title << "</h1>\n<p>" << html_escape(about) << (about.empty() ? "" : " · ") << "<a href=\"" << media
      << "\">" << (video ? "the video file" : "the GIF file") << "</a></p>\n</main>\n</body>\n</html>\n";
    return h.str();
}

}  // namespace clipnote::upload
