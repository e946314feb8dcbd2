#include "upload/desktop/link_format.h"

#include "common/error.h"
#include "upload/transport/xml_text.h"

namespace clipnote::upload {

LinkFormat parse_link_format(const std::string& name) {
    if (name == "plain" || name == "url" || name == "page") return LinkFormat::plain;
    if (name == "video") return LinkFormat::video;
    if (name == "markdown" || name == "md") return LinkFormat::markdown;
    if (name == "slack") return LinkFormat::slack;
    if (name == "html") return LinkFormat::html;
    throw Error("unknown link format \"" + name + "\" (" + kLinkFormatNames + ")");
}

const std::string& chosen_link(LinkFormat format, const std::string& url, const std::string& media_url) {
    return format == LinkFormat::video && !media_url.empty() ? media_url : url;
}

std::string clipboard_html(LinkFormat format, const std::string& url, const std::string& title) {
    if (format == LinkFormat::markdown || format == LinkFormat::slack) return "";
    // The charset, as browsers put it on their own copies: a paste then reads the title right.
    return "<meta charset=\"utf-8\">" + format_link(LinkFormat::html, url, title);
}

std::string format_link(LinkFormat format, const std::string& url, const std::string& title) {
    switch (format) {
        case LinkFormat::plain:
        case LinkFormat::video:
            return url;
        case LinkFormat::markdown: {
            std::string t;
            for (char c : title) {
                if (c == '[' || c == ']' || c == '\\') t += '\\';
                t += c;
            }
            return "[" + t + "](" + url + ")";
        }
        case LinkFormat::slack: {
            // Slack's escaping: only &, < and > are special; '|' would end the URL part.
            std::string t;
            for (char c : title) {
                if (c == '&')
                    t += "&amp;";
                else if (c == '<')
                    t += "&lt;";
                else if (c == '>')
                    t += "&gt;";
                else if (c != '|')
                    t += c;
            }
            return "<" + url + "|" + t + ">";
        }
        case LinkFormat::html:
            return "<a href=\"" + xml_escape(url) + "\">" + xml_escape(title) + "</a>";
    }
    return url;
}

}  // namespace clipnote::upload
