#include "upload/webdav/webdav_session.h"

#include "common/error.h"
#include "upload/content_disposition.h"
#include "upload/object_key.h"
#include "upload/transport/url.h"

namespace clipnote::upload {

std::string WebdavSession::url_of(const std::string& path) const { return settings.url + percent_encode(path, true); }

std::string webdav_link(const WebdavSettings& settings, const std::string& path) {
    return (settings.public_base_url.empty() ? settings.url : settings.public_base_url) + percent_encode(path, true);
}

HttpResponse WebdavSession::send(const std::string& method, const std::string& url, Body body,
                                 std::vector<std::string> headers, const UploadProgressFn& on_sent) {
    return client.send(
        [&] {
            HttpRequest r;
            r.method = method;
            r.url = url;
            r.body = body;
            r.headers = headers;
            if (!settings.username.empty()) {
                r.username = settings.username;
                r.password = &password;
            }
            return r;
        },
        where() + method + " " + redact_url(url), on_sent,
        [&](const std::string& why, std::chrono::milliseconds wait) {
            progress.on_note(method + " " + redact_url(url) + ": " + why + "; retrying in " +
                             std::to_string(wait.count()) + " ms");
        });
}

void WebdavSession::fail(const std::string& method, const std::string& url, long status) const {
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

void WebdavSession::make_collections(const std::string& path) {
    for (std::size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1)) {
        const std::string url = url_of(path.substr(0, slash + 1));
        HttpResponse r = send("MKCOL", url);
        // 201 created; 405 it already exists; some servers say 301 for an existing folder.
        if (r.status != 201 && r.status != 405 && r.status != 301 && r.status != 200) fail("MKCOL", url, r.status);
    }
}

std::string WebdavSession::verify_size(const std::string& method, const std::string& url, std::uint64_t size) {
    HttpResponse head = send("HEAD", url);
    if (head.status >= 300) fail("HEAD", url, head.status);
    const std::string length = head.header("Content-Length");
    if (!length.empty() && std::stoull(length) != size)
        throw Error(where() + method + " " + redact_url(url) + ": the server holds " + length + " bytes, expected " +
                    std::to_string(size));
    return head.header("ETag");
}

std::vector<std::string> webdav_put_headers(const std::string& file_name, const std::string& type) {
    // Servers that keep it (most just ignore it) name the download after the file.
    return {"Content-Type: " + (type.empty() ? guess_content_type(file_name) : type),
            "Content-Disposition: " + content_disposition(file_name)};
}

}  // namespace clipnote::upload
