#include "upload/chat/slack_destination.h"

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "upload/transport/http.h"
#include "upload/transport/multipart.h"
#include "upload/object_key.h"
#include "upload/transport/url.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace clipnote::upload {
namespace {

class SlackApi {
public:
    SlackApi(const std::string& dest_name, const SlackSettings& settings, const Secret& token, HttpClient& client,
             Progress& progress)
        : where_("destination \"" + dest_name + "\": "),
          settings_(settings),
          token_(token),
          client_(client),
          progress_(progress) {}

    const std::string& where() const { return where_; }

    // POST api_url + method; returns the parsed answer once "ok" is true.
    json call(const std::string& method, const std::string& content_type, std::string body) {
        const std::string url = settings_.api_url + method;
        HttpResponse r = client_.send(
            [&] {
                return HttpRequest::post(url, content_type, Body::memory(body),
                                         {"Authorization: Bearer " + token_.reveal()});
            },
            where_ + method, {},
            [&](const std::string& why, std::chrono::milliseconds wait) { note(method, why, wait); });
        if (r.status < 200 || r.status >= 300) throw Error(where_ + method + ": " + status_text(r.status));
        json answer = json::parse(r.body, nullptr, false);
        if (!answer.is_object() || !answer.contains("ok"))
            throw Error(where_ + method + ": the answer is not Slack's JSON; check field \"api_url\"");
        if (answer["ok"] != true) {
            const std::string error = answer.value("error", std::string("unknown_error"));
            throw Error(where_ + method + ": Slack says " + error + hint(error));
        }
        return answer;
    }

    void note(const std::string& what, const std::string& why, std::chrono::milliseconds wait) {
        progress_.on_note("slack " + what + ": " + why + "; retrying in " + std::to_string(wait.count()) + " ms");
    }

private:
    std::string token_field() const { return settings_.token.env.empty() ? "token_file" : "token_env"; }
    std::string hint(const std::string& error) const {
        if (error == "invalid_auth" || error == "not_authed" || error == "token_revoked" || error == "token_expired" ||
            error == "account_inactive" || error == "invalid_token")
            return ": check field \"" + token_field() + "\" (a bot token, xoxb-…)";
        if (error == "missing_scope" || error == "not_allowed_token_type")
            return ": the token needs the files:write scope; check field \"" + token_field() + "\"";
        if (error == "channel_not_found" || error == "not_in_channel" || error == "invalid_channel" ||
            error == "is_archived")
            return ": check field \"channel_id\" (and that the app is in that channel)";
        if (error == "file_upload_size_restricted" || error == "file_uploads_disabled" ||
            error == "file_uploads_except_images_disabled")
            return ": the workspace does not accept this upload";
        return "";
    }

    std::string where_;
    const SlackSettings& settings_;
    const Secret& token_;
    HttpClient& client_;
    Progress& progress_;
};

}  // namespace

SlackDestination::SlackDestination(std::string name, SlackSettings settings, NetworkSettings network, Secret token)
    : name_(std::move(name)), settings_(std::move(settings)), network_(std::move(network)), token_(std::move(token)) {}

std::string SlackDestination::describe() const {
    return "slack channel " + settings_.channel_id +
           (settings_.api_url == "https://slack.com/api/" ? "" : " via " + redact_url(settings_.api_url));
}

UploadResult SlackDestination::upload(const UploadRequest& request, Progress& progress) {
    const std::string file_name =
        sanitize_file_name(request.remote_name.empty() ? request.file.filename().string() : request.remote_name);
    const std::uint64_t size = fs::file_size(request.file);
    HttpClient client(TransferSettings::from(network_), &progress.cancel_token());
    SlackApi api(name_, settings_, token_, client, progress);

    const json ticket = api.call("files.getUploadURLExternal", "application/x-www-form-urlencoded",
                                 form_urlencode({{"filename", file_name}, {"length", std::to_string(size)}}));
    if (!ticket.contains("upload_url") || !ticket["upload_url"].is_string() || !ticket.contains("file_id") ||
        !ticket["file_id"].is_string())
        throw Error(api.where() + "files.getUploadURLExternal: the answer has no upload_url or file_id");
    const std::string upload_url = ticket["upload_url"].get<std::string>();
    const std::string file_id = ticket["file_id"].get<std::string>();

    // The upload URL is pre-authorised (no token) and short-lived; it is not printed either.
    ByteCounter counter(progress, size, 1);
    HttpResponse r;
    try {
        r = client.send(
            [&] {
                return HttpRequest::post(upload_url, "application/octet-stream", Body::file_range(request.file, 0, size));
            },
            api.where() + "POST the file to upload_url", [&](std::uint64_t sent) { counter.set(0, sent); },
            [&](const std::string&, std::chrono::milliseconds wait) {
                api.note("upload", "the upload was interrupted", wait);
            });
    } catch (const TransferError& e) {
        throw TransferError(
            api.where() + "POST the file to upload_url: the transfer failed" + (e.cancelled() ? " (cancelled)" : ""),
            e.retryable(), e.cancelled());
    }
    if (r.status < 200 || r.status >= 300)
        throw Error(api.where() + "POST the file to upload_url: " + status_text(r.status));
    counter.commit(0, size);

    json files = json::array({json{{"id", file_id}, {"title", request.title.empty() ? file_name : request.title}}});
    json complete = {{"files", files}, {"channel_id", settings_.channel_id}};
    if (!settings_.initial_comment.empty()) complete["initial_comment"] = settings_.initial_comment;
    const json done = api.call("files.completeUploadExternal", "application/json; charset=utf-8", complete.dump());
    if (!done.contains("files") || !done["files"].is_array() || done["files"].empty() ||
        !done["files"][0].contains("permalink") || !done["files"][0]["permalink"].is_string())
        throw Error(api.where() + "files.completeUploadExternal: the answer has no files[0].permalink");
    const json& file = done["files"][0];
    if (file.contains("size") && file["size"].is_number_unsigned() && file["size"].get<std::uint64_t>() != size)
        throw Error(api.where() + "Slack holds " + std::to_string(file["size"].get<std::uint64_t>()) +
                    " bytes, expected " + std::to_string(size));

    UploadResult result;
    result.url = file["permalink"].get<std::string>();
    result.bytes = size;
    result.remote_path = file_id;
    return result;
}

void SlackDestination::remove(const std::string& remote_path, Progress& progress) {
    HttpClient client(TransferSettings::from(network_), &progress.cancel_token());
    SlackApi api(name_, settings_, token_, client, progress);
    api.call("files.delete", "application/x-www-form-urlencoded", form_urlencode({{"file", remote_path}}));
}

}  // namespace clipnote::upload
