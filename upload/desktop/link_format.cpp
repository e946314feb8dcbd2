#include "upload/desktop/link_format.h"

#include "common/error.h"
#include "upload/transport/xml_text.h"

namespace clipnote::upload {

LinkFormat parse_link_format(const std::string& name) {
    if (name == "plain" || name == "url") return LinkFormat::plain;
    if (name == "markdown" || name == "md") return LinkFormat::markdown;
    if (name == "slack") return LinkFormat::slack;
    if (name == "html") return LinkFormat::html;
    throw Error("unknown link format \"" + name + "\" (plain, markdown, slack, html)");
}

std::string format_link(LinkFormat format, const std::string& url, const std::string& title) {
    switch (format) {
        case LinkFormat::plain:
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
