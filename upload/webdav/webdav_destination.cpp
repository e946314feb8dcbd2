#include "upload/webdav/webdav_destination.h"

#include "common/error.h"
#include "upload/transport/http.h"
#include "upload/content_disposition.h"
#include "upload/object_key.h"
#include "upload/transport/url.h"

namespace fs = std::filesystem;

namespace clipnote::upload {

WebdavDestination::WebdavDestination(std::string name, WebdavSettings settings, NetworkSettings network,
                                     Secret password)
    : name_(std::move(name)),
      settings_(std::move(settings)),
      network_(std::move(network)),
      password_(std::move(password)) {}

std::string WebdavDestination::describe() const {
    return "webdav " + redact_url(settings_.url) + (settings_.username.empty() ? "" : " as " + settings_.username) +
           (settings_.public_base_url.empty() ? "" : ", links under " + settings_.public_base_url);
}

namespace {

struct Session {
    const std::string& dest_name;
    const WebdavSettings& settings;
    const Secret& password;
    HttpClient client;
    Progress& progress;

    std::string where() const { return "destination \"" + dest_name + "\": "; }

    HttpRequest request(const std::string& method, const std::string& url, Body body = {}) const {
        HttpRequest r;
        r.method = method;
        r.url = url;
        r.body = std::move(body);
        if (!settings.username.empty()) {
            r.username = settings.username;
            r.password = &password;
        }
        return r;
    }

    HttpResponse send(const std::string& method, const std::string& url, Body body = {},
                      std::vector<std::string> headers = {}, const UploadProgressFn& on_sent = {}) {
        return client.send(
            [&] {
                HttpRequest r = request(method, url, body);
                r.headers = headers;
                return r;
            },
            where() + method + " " + redact_url(url), on_sent,
            [&](const std::string& why, std::chrono::milliseconds wait) {
                progress.on_note(method + " " + redact_url(url) + ": " + why + "; retrying in " +
                                 std::to_string(wait.count()) + " ms");
            });
    }

    [[noreturn]] void fail(const std::string& method, const std::string& url, long status) const {
        std::string hint;
        if (status == 401)
            hint =
                ": the server refused the credentials; check fields \"username\" and "
                "\"password_env\"/\"password_file\"";
        else if (status == 403)
            hint = ": the account may not write there; check field \"url\"";
        else if (status == 404)
            hint = ": no such collection; check field \"url\"";
        else if (status == 507)
            hint = ": the server is out of space";
        throw Error(where() + method + " " + redact_url(url) + ": " + status_text(status) + hint);
    }

    // Creates each missing folder of `path` ("a/b/c.mp4" -> a/, a/b/) from the top.
    void make_collections(const std::string& path) {
        std::string so_far;
        for (std::size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1)) {
            so_far = path.substr(0, slash + 1);
            const std::string url = settings.url + percent_encode(so_far, true);
            HttpResponse r = send("MKCOL", url);
            // 201 created; 405 it already exists; some servers say 301 for an existing folder.
            if (r.status != 201 && r.status != 405 && r.status != 301 && r.status != 200) fail("MKCOL", url, r.status);
        }
    }
};

}  // namespace

UploadResult WebdavDestination::upload(const UploadRequest& request, Progress& progress) {
    const std::string path =
        object_key("", object_id_or_new(request.object_id),
                   request.remote_name.empty() ? request.file.filename().string() : request.remote_name);
    const std::string file_name = path.substr(path.rfind('/') + 1);
    const std::uint64_t size = fs::file_size(request.file);
    const std::string url = settings_.url + percent_encode(path, true);
    const std::string type = request.content_type.empty() ? guess_content_type(path) : request.content_type;
    // Servers that keep it (most just ignore it) name the download after the file.
    const std::vector<std::string> headers = {"Content-Type: " + type,
                                              "Content-Disposition: " + content_disposition(file_name)};
    Session s{name_, settings_, password_, HttpClient(TransferSettings::from(network_), &progress.cancel_token()),
              progress};
    ByteCounter counter(progress, size, 1);
    auto put = [&] {
        return s.send("PUT", url, Body::file_range(request.file, 0, size), headers,
                      [&](std::uint64_t sent) { counter.set(0, sent); });
    };
    // Folders first (there is always the upload's own): servers differ in how they report a
    // missing parent (409, or nginx's 500, which would also be retried for nothing), and MKCOL of
    // an existing folder is harmless.
    s.make_collections(path);
    HttpResponse r = put();
    if (r.status != 200 && r.status != 201 && r.status != 204) s.fail("PUT", url, r.status);
    counter.commit(0, size);

    // The server said yes; make sure it holds the whole file before we call it done.
    HttpResponse head = s.send("HEAD", url);
    if (head.status >= 300) s.fail("HEAD", url, head.status);
    const std::string length = head.header("Content-Length");
    if (!length.empty() && std::stoull(length) != size)
        throw Error(s.where() + "PUT " + redact_url(url) + ": the server holds " + length + " bytes, expected " +
                    std::to_string(size));

    UploadResult result;
    result.remote_path = path;
    result.bytes = size;
    result.etag = head.header("ETag");
    result.url = settings_.public_base_url.empty() ? url : settings_.public_base_url + percent_encode(path, true);
    return result;
}

void WebdavDestination::remove(const std::string& remote_path, Progress& progress) {
    Session s{name_, settings_, password_, HttpClient(TransferSettings::from(network_), &progress.cancel_token()),
              progress};
    const std::string url = settings_.url + percent_encode(sanitize_object_key(remote_path), true);
    HttpResponse r = s.send("DELETE", url);
    if (r.status != 200 && r.status != 204 && r.status != 404) s.fail("DELETE", url, r.status);
}

}  // namespace clipnote::upload
