#include "upload/chat/chat_message.h"

#include <nlohmann/json.hpp>

#include "common/error.h"

namespace clipnote::upload {
namespace {

std::string slack_escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '&')
            out += "&amp;";
        else if (c == '<')
            out += "&lt;";
        else if (c == '>')
            out += "&gt;";
        else if (c == '|')
            out += "\xE2\x88\xA3";  // '|' ends the link text in Slack's <url|text>
        else
            out += c;
    }
    return out;
}

std::string markdown_escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '[' || c == ']' || c == '\\') out += '\\';
        out += c;
    }
    return out;
}

}  // namespace

const char* format_name(WebhookFormat format) {
    switch (format) {
        case WebhookFormat::slack:
            return "slack";
        case WebhookFormat::mattermost:
            return "mattermost";
        case WebhookFormat::teams:
            return "teams";
    }
    return "?";
}

std::string chat_message_json(WebhookFormat format, const std::string& title, const std::string& link) {
    using nlohmann::json;
    switch (format) {
        case WebhookFormat::slack:
            return json{{"text", "<" + link + "|" + slack_escape(title) + ">"}}.dump();
        case WebhookFormat::mattermost:
            return json{{"text", "[" + markdown_escape(title) + "](" + link + ")"}}.dump();
        case WebhookFormat::teams: {
            json card = {{"$schema", "http://adaptivecards.io/schemas/adaptive-card.json"},
                         {"type", "AdaptiveCard"},
                         {"version", "1.4"},
                         {"body", json::array({json{{"type", "TextBlock"},
                                                    {"text", "[" + markdown_escape(title) + "](" + link + ")"},
                                                    {"wrap", true}}})}};
            json message = {
                {"type", "message"},
                {"attachments", json::array({json{{"contentType", "application/vnd.microsoft.card.adaptive"},
                                                  {"contentUrl", nullptr},
                                                  {"content", card}}})}};
            return message.dump();
        }
    }
    return "{}";
}

Secret resolve_secret_url(const SecretUrl& url, const std::string& context) {
    if (!url.inline_url.empty()) return Secret(url.inline_url);
    return resolve_secret(url.ref, context);
}

}  // namespace clipnote::upload
