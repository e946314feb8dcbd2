#include "upload/chat/discord_destination.h"

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "upload/chat/chat_message.h"
#include "upload/transport/http.h"
#include "upload/transport/multipart.h"
#include "upload/object_key.h"
#include "upload/upload_errors.h"
#include "upload/transport/url.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace clipnote::upload {
namespace {

// The webhook URL is a credential: messages say "the webhook" and name the field instead.
std::string with_query(const std::string& url, const std::string& query) {
    const auto hash = url.find('#');
    const std::string base = url.substr(0, hash);
    return base + (base.find('?') == std::string::npos ? "?" : "&") + query;
}

std::string megabytes(std::uint64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
    return text;
}

// Discord's error bodies: {"message": "...", "code": 50006}.
std::string discord_message(const std::string& body) {
    const json j = json::parse(body, nullptr, false);
    if (j.is_object() && j.contains("message") && j["message"].is_string()) return j["message"].get<std::string>();
    return {};
}

}  // namespace

DiscordDestination::DiscordDestination(std::string name, DiscordSettings settings, NetworkSettings network,
                                       Secret webhook_url)
    : name_(std::move(name)),
      settings_(std::move(settings)),
      network_(std::move(network)),
      url_(std::move(webhook_url)) {}

std::string DiscordDestination::describe() const {
    std::string from =
        settings_.webhook.ref.env.empty()
            ? (settings_.webhook.ref.file.empty() ? "from the config" : "from " + settings_.webhook.ref.file.string())
            : "from $" + settings_.webhook.ref.env;
    return "discord webhook (URL " + from + ")";
}

UploadResult DiscordDestination::upload(const UploadRequest& request, Progress& progress) {
    const std::string where = "destination \"" + name_ + "\": ";
    const std::string field = settings_.webhook.field();
    const std::string file_name =
        sanitize_file_name(request.remote_name.empty() ? request.file.filename().string() : request.remote_name);
    const std::uint64_t size = fs::file_size(request.file);

    json payload;
    payload["content"] = !settings_.message.empty() ? settings_.message
                         : !request.title.empty()   ? request.title
                                                    : file_name;
    if (!settings_.username.empty()) payload["username"] = settings_.username;
    payload["attachments"] = json::array({json{{"id", 0}, {"filename", file_name}}});
    MultipartFile part{"files[0]", file_name,
                       request.content_type.empty() ? guess_content_type(file_name) : request.content_type,
                       request.file, size};
    MultipartBody body = make_multipart({{"payload_json", payload.dump(), "application/json"}}, &part);

    std::string url = with_query(url_.reveal(), "wait=true");
    if (!settings_.thread_id.empty()) url += "&thread_id=" + percent_encode(settings_.thread_id, false);

    HttpClient client(TransferSettings::from(network_), &progress.cancel_token());
    ByteCounter counter(progress, size, 1);
    const std::uint64_t overhead = body.body.size() - size;
    HttpResponse r;
    try {
        r = client.send(
            [&] { return HttpRequest::post(url, body.content_type, body.body); },
            where + "POST to the webhook",
            [&](std::uint64_t sent) { counter.set(0, sent > overhead ? sent - overhead : 0); },
            [&](const std::string& why, std::chrono::milliseconds wait) {
                progress.on_note("discord: " + hide_url(why, url, "the webhook") + "; retrying in " +
                                 std::to_string(wait.count()) + " ms");
            });
    } catch (const TransferError& e) {
        throw TransferError(hide_url(e.what(), url, "the webhook"), e.retryable(), e.cancelled());
    }

    if (r.status == 413)
        throw FileTooLargeError(where + "file is larger than this webhook accepts (" + megabytes(size) +
                                ", HTTP 413); re-encode smaller or use another destination");
    if (r.status == 401 || r.status == 403 || r.status == 404)
        throw Error(where + "the webhook refused the upload (" + status_text(r.status) +
                    (discord_message(r.body).empty() ? "" : ": " + discord_message(r.body)) + "); check field \"" +
                    field + "\"");
    if (r.status < 200 || r.status >= 300) {
        const std::string m = discord_message(r.body);
        throw Error(where + "POST to the webhook: " + status_text(r.status) + (m.empty() ? "" : ": " + m));
    }
    const json answer = json::parse(r.body, nullptr, false);
    if (!answer.is_object() || !answer.contains("attachments") || !answer["attachments"].is_array() ||
        answer["attachments"].empty() || !answer["attachments"][0].contains("url") ||
        !answer["attachments"][0]["url"].is_string())
        throw Error(where + "the webhook answered without attachments[0].url (is \"wait=true\" blocked by a proxy?)");
    const json& attachment = answer["attachments"][0];
    if (attachment.contains("size") && attachment["size"].is_number_unsigned() &&
        attachment["size"].get<std::uint64_t>() != size)
        throw Error(where + "Discord stored " + std::to_string(attachment["size"].get<std::uint64_t>()) +
                    " bytes, expected " + std::to_string(size));
    counter.commit(0, size);
    UploadResult result;
    result.url = attachment["url"].get<std::string>();
    result.bytes = size;
    if (answer.contains("id") && answer["id"].is_string()) result.remote_path = answer["id"].get<std::string>();
    return result;
}

void DiscordDestination::remove(const std::string& remote_path, Progress& progress) {
    const std::string where = "destination \"" + name_ + "\": ";
    if (remote_path.empty() || remote_path.find_first_not_of("0123456789") != std::string::npos)
        throw Error(where + "\"" + remote_path + "\" is not a message id");
    std::string base = url_.reveal().substr(0, url_.reveal().find_first_of("?#"));
    while (!base.empty() && base.back() == '/') base.pop_back();
    std::string url = base + "/messages/" + remote_path;
    if (!settings_.thread_id.empty()) url += "?thread_id=" + percent_encode(settings_.thread_id, false);
    HttpClient client(TransferSettings::from(network_), &progress.cancel_token());
    HttpResponse r;
    try {
        r = client.send(
            [&] {
                HttpRequest q;
                q.method = "DELETE";
                q.url = url;
                return q;
            },
            where + "DELETE the webhook message");
    } catch (const TransferError& e) {
        throw TransferError(hide_url(e.what(), url, "the webhook"), e.retryable(), e.cancelled());
    }
    if (r.status != 204 && r.status != 200 && r.status != 404)
        throw Error(where + "DELETE the webhook message: " + status_text(r.status));
}

}  // namespace clipnote::upload
