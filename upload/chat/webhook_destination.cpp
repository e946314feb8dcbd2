#include "upload/chat/webhook_destination.h"

#include "common/error.h"
#include "upload/chat/chat_message.h"
#include "upload/transport/http.h"
#include "upload/transport/url.h"

namespace clipnote::upload {

std::string describe_webhook(const WebhookSettings& settings) {
    return std::string(format_name(settings.format)) + " webhook announcing uploads to \"" + settings.upload_to + "\"";
}

WebhookDestination::WebhookDestination(std::string name, WebhookSettings settings, NetworkSettings network,
                                       Secret webhook_url, std::unique_ptr<Destination> storage)
    : name_(std::move(name)),
      settings_(std::move(settings)),
      network_(std::move(network)),
      url_(std::move(webhook_url)),
      storage_(std::move(storage)) {}

std::string WebhookDestination::describe() const {
    return describe_webhook(settings_);
}

UploadResult WebhookDestination::upload(const UploadRequest& request, Progress& progress) {
    UploadResult result = storage_->upload(request, progress);
    const std::string where = "destination \"" + name_ + "\": ";
    const std::string title = request.title.empty() ? request.file.filename().string() : request.title;
    const std::string message = chat_message_json(settings_.format, title, result.url);
    const std::string url = url_.reveal();
    HttpClient client(TransferSettings::from(network_), &progress.cancel_token());
    const std::string uploaded = "uploaded to \"" + settings_.upload_to + "\" (" + result.url + ") but ";
    HttpResponse r;
    try {
        r = client.send(
            [&] { return HttpRequest::post(url, "application/json", Body::memory(message)); },
            where + "POST to the webhook", {},
            [&](const std::string& why, std::chrono::milliseconds wait) {
                progress.on_note("webhook: " + hide_url(why, url, "the webhook") + "; retrying in " +
                                 std::to_string(wait.count()) + " ms");
            });
    } catch (const TransferError& e) {
        std::string why = hide_url(e.what(), url, "the webhook");
        if (why.starts_with(where)) why.erase(0, where.size());  // said once, at the start
        throw Error(where + uploaded + "posting the message failed: " + why);
    }
    if (r.status < 200 || r.status >= 300) {
        std::string hint;
        if (r.status == 400 || r.status == 401 || r.status == 403 || r.status == 404 || r.status == 410)
            hint = "; check fields \"" + settings_.webhook.field() + "\" and \"format\"";
        throw Error(where + uploaded + "the webhook refused the message: " + status_text(r.status) + hint);
    }
    return result;
}

void WebhookDestination::remove(const std::string& remote_path, Progress& progress) {
    storage_->remove(remote_path, progress);
}

}  // namespace clipnote::upload
