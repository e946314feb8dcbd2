#pragma once
// One conversation with a WebDAV server, shared by the upload at stop (webdav_destination.h) and
// the upload while recording (live_upload.h): requests with basic auth and retries, one-line
// errors with a hint per status, and MKCOL of the folders above a path.
#include <string>
#include <vector>

#include "upload/config.h"
#include "upload/destination.h"
#include "upload/transport/http.h"
#include "upload/transport/secret.h"

namespace clipnote::upload {

struct WebdavSession {
    const std::string& dest_name;
    const WebdavSettings& settings;
    const Secret& password;
    HttpClient client;
    Progress& progress;

    std::string where() const { return "destination \"" + dest_name + "\": "; }
    // The file's URL on the server ("<url><path>", percent-encoded).
    std::string url_of(const std::string& path) const;

    HttpResponse send(const std::string& method, const std::string& url, Body body = {},
                      std::vector<std::string> headers = {}, const UploadProgressFn& on_sent = {});
    // Throws Error for a status the caller does not accept, with what it likely means.
    [[noreturn]] void fail(const std::string& method, const std::string& url, long status) const;
    // Creates each missing folder of `path` ("a/b/c.mp4" -> a/, a/b/) from the top.
    void make_collections(const std::string& path);
    // Checks with HEAD that the server holds `size` bytes at `url`; returns its ETag. Throws Error.
    std::string verify_size(const std::string& method, const std::string& url, std::uint64_t size);
};

// What a colleague opens for the file at `path`: under public_base_url when set, else its own URL.
std::string webdav_link(const WebdavSettings& settings, const std::string& path);

// Content-Type and Content-Disposition for a file named `file_name` (`type` "" = guessed).
std::vector<std::string> webdav_put_headers(const std::string& file_name, const std::string& type);

}  // namespace clipnote::upload
