#include "upload/destination_factory.h"

#include "common/error.h"
#include "upload/chat/chat_message.h"
#include "upload/chat/discord_destination.h"
#include "upload/local/local_destination.h"
#include "upload/s3/s3_destination.h"
#include "upload/chat/slack_destination.h"
#include "upload/sxcu/sxcu_destination.h"
#include "upload/webdav/webdav_destination.h"
#include "upload/chat/webhook_destination.h"

namespace clipnote::upload {
namespace {

std::string field_label(const SecretRef& ref) {
    return ref.field + (ref.env.empty() ? "_file" : "_env");
}

}  // namespace

std::unique_ptr<Destination> make_destination(const DestinationConfig& config) {
    if (const auto* local = std::get_if<LocalSettings>(&config.settings))
        return std::make_unique<LocalDestination>(config.name, *local);
    if (const auto* dav = std::get_if<WebdavSettings>(&config.settings)) {
        Secret password = dav->password.present() ? resolve_secret(dav->password, config.context) : Secret();
        return std::make_unique<WebdavDestination>(config.name, *dav, config.network, std::move(password));
    }
    if (const auto* s3 = std::get_if<S3Settings>(&config.settings)) {
        AwsCredentials credentials;
        credentials.access_key_id = resolve_secret(s3->access_key, config.context).reveal();
        credentials.secret_access_key = resolve_secret(s3->secret_key, config.context);
        if (s3->session_token.present()) credentials.session_token = resolve_secret(s3->session_token, config.context);
        S3Client client(*s3, std::move(credentials), "destination \"" + config.name + "\"", field_label(s3->access_key),
                        field_label(s3->secret_key));
        return std::make_unique<S3Destination>(config.name, *s3, config.network, std::move(client));
    }
    if (const auto* sxcu = std::get_if<SxcuSettings>(&config.settings))
        return std::make_unique<SxcuDestination>(config.name, *sxcu, config.network);
    if (const auto* discord = std::get_if<DiscordSettings>(&config.settings))
        return std::make_unique<DiscordDestination>(config.name, *discord, config.network,
                                                    resolve_secret_url(discord->webhook, config.context));
    if (const auto* slack = std::get_if<SlackSettings>(&config.settings))
        return std::make_unique<SlackDestination>(config.name, *slack, config.network,
                                                  resolve_secret(slack->token, config.context));
    if (const auto* hook = std::get_if<WebhookSettings>(&config.settings)) {
        if (!hook->target) throw Error(config.context + ": field \"upload_to\": the destination is not resolved");
        return std::make_unique<WebhookDestination>(config.name, *hook, config.network,
                                                    resolve_secret_url(hook->webhook, config.context),
                                                    make_destination(*hook->target));
    }
    throw Error(config.context + ": field \"kind\": \"" + config.kind + "\" is not supported by this build yet");
}

std::string describe_destination(const DestinationConfig& config) {
    if (const auto* local = std::get_if<LocalSettings>(&config.settings))
        return LocalDestination(config.name, *local).describe();
    if (const auto* dav = std::get_if<WebdavSettings>(&config.settings))
        return WebdavDestination(config.name, *dav, config.network, Secret()).describe();
    if (const auto* s3 = std::get_if<S3Settings>(&config.settings))
        return S3Destination(config.name, *s3, config.network, S3Client(*s3, {}, "", "", "")).describe();
    if (const auto* sxcu = std::get_if<SxcuSettings>(&config.settings)) {
        try {
            return SxcuDestination(config.name, *sxcu, config.network).describe();
        } catch (const Error& e) {
            return "sxcu " + sxcu->file.string() + " (unusable: " + e.what() + ")";
        }
    }
    if (const auto* discord = std::get_if<DiscordSettings>(&config.settings))
        return DiscordDestination(config.name, *discord, config.network, Secret()).describe();
    if (const auto* slack = std::get_if<SlackSettings>(&config.settings))
        return SlackDestination(config.name, *slack, config.network, Secret()).describe();
    if (const auto* hook = std::get_if<WebhookSettings>(&config.settings)) return describe_webhook(*hook);
    return config.kind + " (not supported by this build yet)";
}

}  // namespace clipnote::upload
