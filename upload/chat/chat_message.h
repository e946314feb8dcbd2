#pragma once
// Messages for chat incoming webhooks (Slack, Mattermost, Microsoft Teams) and the webhook URLs
// that are credentials themselves.
#include <string>

#include "upload/transport/secret.h"
#include "upload/chat/share_settings.h"

namespace clipnote::upload {

// The JSON body announcing `link` (titled `title`) in the webhook's own format:
//   slack       {"text": "<link|title>"}            (mrkdwn, & < > escaped in the title)
//   mattermost  {"text": "[title](link)"}           (Markdown)
//   teams       a "message" with one Adaptive Card attachment holding a TextBlock "[title](link)"
std::string chat_message_json(WebhookFormat format, const std::string& title, const std::string& link);

const char* format_name(WebhookFormat format);

// The webhook URL from `url`, `url_env` or `url_file`. Throws Error naming the field (never the URL).
Secret resolve_secret_url(const SecretUrl& url, const std::string& context);

}  // namespace clipnote::upload
