#pragma once
// Settings of the destination kinds that share through other services: ShareX custom uploaders
// (sxcu), Discord webhooks, Slack, and chat incoming webhooks that announce another
// destination's link. Part of config.h's DestinationConfig.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "upload/transport/secret.h"

namespace clipnote::upload {

struct DestinationConfig;

struct SxcuSettings {
    std::filesystem::path file;  // absolute (resolved against the config folder)
};

// A URL that is itself a credential (Discord and chat webhook URLs carry their token): from
// `url_env` / `url_file`, or written as `url` in the config. Never printed either way.
struct SecretUrl {
    SecretRef ref;           // field "url"
    std::string inline_url;  // `url = "…"`
    std::string field() const { return !ref.env.empty() ? "url_env" : !ref.file.empty() ? "url_file" : "url"; }
};

struct DiscordSettings {
    SecretUrl webhook;
    std::string message;   // the message text; empty: the title, else the file name
    std::string username;  // overrides the webhook's name when set
    std::string thread_id;
};

struct SlackSettings {
    SecretRef token;  // bot token (xoxb-…), field "token"
    std::string channel_id;
    std::string api_url = "https://slack.com/api/";  // ends with '/'
    std::string initial_comment;
};

enum class WebhookFormat { slack, mattermost, teams };

struct WebhookSettings {
    SecretUrl webhook;
    WebhookFormat format = WebhookFormat::slack;
    std::string upload_to;                            // the destination that stores the file
    std::shared_ptr<const DestinationConfig> target;  // its entry, set once the whole file is read
};

}  // namespace clipnote::upload
