#pragma once
// The shapes a link takes on the clipboard: plain, Markdown, Slack mrkdwn, HTML.
#include <string>

namespace clipnote::upload {

enum class LinkFormat { plain, markdown, slack, html };

// "plain", "markdown", "slack", "html"; throws Error otherwise.
LinkFormat parse_link_format(const std::string& name);
// The title defaults to the file name when empty.
std::string format_link(LinkFormat format, const std::string& url, const std::string& title);

}  // namespace clipnote::upload
