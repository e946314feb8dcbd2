#pragma once
// The shapes a link takes on the clipboard: plain, Markdown, Slack mrkdwn, HTML; and which link:
// the share page's (the default where the destination has pages) or the video file's own.
#include <string>

namespace clipnote::upload {

enum class LinkFormat { plain, markdown, slack, html, video };

// "url" (or "plain", "page"), "markdown", "slack", "html", "video"; throws Error otherwise.
LinkFormat parse_link_format(const std::string& name);
inline constexpr const char* kLinkFormatNames = "url, page, video, markdown, slack, html";

// The link `format` points at: the file's own (`media_url`) for `video` when a page fronts it,
// else `url` (the page, or the file when it has no page).
const std::string& chosen_link(LinkFormat format, const std::string& url, const std::string& media_url);

// The text of `url` in `format`, titled `title` (Markdown, Slack, HTML).
std::string format_link(LinkFormat format, const std::string& url, const std::string& title);
// The text/html that goes on the clipboard beside that text, so a rich editor shows the title as
// the link: an <a> for the plain shapes (url, video, html); "" for Markdown and Slack, which are
// pasted as typed.
std::string clipboard_html(LinkFormat format, const std::string& url, const std::string& title);

}  // namespace clipnote::upload
