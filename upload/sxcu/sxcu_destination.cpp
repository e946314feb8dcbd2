#include "upload/sxcu/sxcu_destination.h"

#include "common/error.h"
#include "upload/transport/http.h"
#include "upload/object_key.h"
#include "upload/upload_errors.h"
#include "upload/transport/url.h"

namespace fs = std::filesystem;

namespace clipnote::upload {
namespace {

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

// A short, single-line excerpt of a response for an error message.
std::string excerpt(const std::string& body) {
    std::string out;
    for (char c : body.substr(0, 200)) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
    out = trim(out);
    return body.size() > 200 ? out + "…" : out;
}

// An sxcu file may put its key anywhere in the URL (a path segment, a webhook token), so
// messages show only where the request went: "https://host/…".
std::string shown_url(const std::string& url) {
    try {
        const Url u = parse_url(url);
        return u.origin() + (u.path.empty() || u.path == "/" ? "/" : "/…");
    } catch (const Error&) {
        return "(the request URL)";
    }
}

// A Location header made absolute against the request URL.
std::string resolve_location(const std::string& request_url, const std::string& location) {
    if (location.find("://") != std::string::npos) return location;
    try {
        const Url u = parse_url(request_url);
        if (location.starts_with("//")) return u.scheme + ":" + location;
        if (location.starts_with("/")) return u.origin() + location;
        const std::string dir = u.path.substr(0, u.path.rfind('/') + 1);
        return u.origin() + (dir.empty() ? "/" : dir) + location;
    } catch (const Error&) {
        return location;
    }
}

}  // namespace

SxcuDestination::SxcuDestination(std::string name, SxcuSettings settings, NetworkSettings network)
    : name_(std::move(name)), settings_(std::move(settings)), network_(std::move(network)) {
    try {
        spec_ = load_sxcu(settings_.file);
    } catch (const Error& e) {
        throw Error("destination \"" + name_ + "\": " + e.what());
    }
    if (!carries_file(spec_.body))
        throw Error("destination \"" + name_ + "\": " + spec_.label + ": field \"Body\": \"" + spec_.body_name +
                    "\" does not carry a file; clipnote uploads files (MultipartFormData or Binary)");
}

std::string SxcuDestination::describe() const {
    std::string url;
    try {
        url = " to " + shown_url(render_template(spec_.request_url, TemplateContext{}));
    } catch (const Error&) {
    }
    return "sxcu \"" + spec_.name + "\" (" + settings_.file.filename().string() + ", " + spec_.method + " " +
           spec_.body_name + ")" + url;
}

UploadResult SxcuDestination::upload(const UploadRequest& request, Progress& progress) {
    const std::string where = "destination \"" + name_ + "\": ";
    SxcuFile file;
    file.path = request.file;
    file.name =
        sanitize_file_name(request.remote_name.empty() ? request.file.filename().string() : request.remote_name);
    file.content_type = request.content_type.empty() ? guess_content_type(file.name) : request.content_type;
    file.size = fs::file_size(request.file);

    TemplateContext context;
    context.filename = file.name;
    context.input = request.title;
    context.regex_list = spec_.regex_list;
    std::mt19937_64 rng(std::random_device{}());
    context.rng = &rng;

    HttpRequest http;
    try {
        http = build_sxcu_request(spec_, context, &file);
    } catch (const Error& e) {
        throw Error(where + spec_.label + ": " + e.what());
    }
    const std::string shown = spec_.method + " " + shown_url(http.url);
    HttpClient client(TransferSettings::from(network_), &progress.cancel_token());
    ByteCounter counter(progress, file.size, 1);
    const std::uint64_t overhead = http.body.size() - file.size;
    const std::string shown_full = shown_url(http.url);
    HttpResponse r;
    try {
        r = client.send([&] { return http; }, where + shown,
                        [&](std::uint64_t sent) { counter.set(0, sent > overhead ? sent - overhead : 0); },
                        [&](const std::string& why, std::chrono::milliseconds wait) {
                            progress.on_note(shown + ": " + hide_url(why, http.url, shown_full) + "; retrying in " +
                                             std::to_string(wait.count()) + " ms");
                        });
    } catch (const TransferError& e) {
        throw TransferError(hide_url(e.what(), http.url, shown_full), e.retryable(), e.cancelled());
    }

    context.has_response = true;
    context.response = r.body;
    context.response_url = http.url;
    context.headers = r.headers;
    // Services that answer an upload with a redirect to the file (ShareX's "RedirectionURL"):
    // the upload is done, and {responseurl} is where the redirect points. It is not followed, so
    // the file is never sent twice.
    const bool redirected = r.status >= 300 && r.status < 400 && !r.header("Location").empty();
    if (redirected) context.response_url = resolve_location(http.url, r.header("Location"));

    if (!redirected && (r.status < 200 || r.status >= 300)) {
        std::string message;
        if (!spec_.error_message.empty()) {
            try {
                message = trim(render_template(spec_.error_message, context));
            } catch (const Error&) {
                // the error response does not have the shape ErrorMessage expects
            }
        }
        if (message.empty()) message = excerpt(r.body);
        const std::string line = where + shown + ": " + status_text(r.status) + (message.empty() ? "" : ": " + message);
        if (r.status == 413)
            throw FileTooLargeError(line +
                                    " (the file is larger than this service accepts; re-encode smaller or use "
                                    "another destination)");
        throw Error(line);
    }
    counter.commit(0, file.size);

    auto field = [&](const char* name, const Template& t) {
        try {
            return trim(render_template(t, context));
        } catch (const Error& e) {
            throw Error(where + spec_.label + ": field \"" + name + "\": " + e.what() +
                        " (response: " + excerpt(r.body) + ")");
        }
    };
    UploadResult result;
    result.bytes = file.size;
    if (!spec_.url.empty()) {
        result.url = field("URL", spec_.url);
    } else if (spec_.response_type == SxcuResponseType::redirection_url) {
        result.url = context.response_url;
    } else if (spec_.response_type == SxcuResponseType::location_header) {
        result.url = resolve_location(http.url, r.header("Location"));
    } else {
        result.url = trim(r.body);
    }
    if (result.url.empty())
        throw Error(where + spec_.label + ": field \"URL\" gave an empty link (response: " + excerpt(r.body) + ")");
    // The file is stored and its link found: a missing optional value is a note, as ShareX leaves
    // it empty. Failing here would keep the item queued and upload the file again.
    auto optional_field = [&](const char* name, const Template& t) -> std::string {
        if (t.empty()) return {};
        try {
            return trim(render_template(t, context));
        } catch (const Error& e) {
            progress.on_note(where + spec_.label + ": field \"" + name + "\": " + e.what() + "; left empty");
            return {};
        }
    };
    result.thumbnail_url = optional_field("ThumbnailURL", spec_.thumbnail_url);
    result.deletion_url = optional_field("DeletionURL", spec_.deletion_url);
    result.remote_path = result.deletion_url;
    return result;
}

void SxcuDestination::remove(const std::string& remote_path, Progress& progress) {
    const std::string where = "destination \"" + name_ + "\": ";
    if (remote_path.empty()) {
        // Not an error: `destinations test` still proved the upload and the link.
        progress.on_note(where + spec_.label + " has no DeletionURL; remove the upload on the service itself");
        return;
    }
    HttpClient client(TransferSettings::from(network_), &progress.cancel_token());
    HttpResponse r;
    try {
        r = client.send(
            [&] {
                HttpRequest q;
                q.url = remote_path;
                return q;
            },
            where + "GET " + shown_url(remote_path));
    } catch (const TransferError& e) {
        throw TransferError(hide_url(e.what(), remote_path, shown_url(remote_path)), e.retryable(), e.cancelled());
    }
    if (r.status < 200 || r.status >= 300)
        throw Error(where + "GET " + shown_url(remote_path) + " (DeletionURL): " + status_text(r.status));
}

}  // namespace clipnote::upload
