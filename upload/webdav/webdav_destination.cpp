#include "upload/webdav/webdav_destination.h"

#include "common/error.h"
#include "upload/object_key.h"
#include "upload/transport/url.h"
#include "upload/webdav/webdav_session.h"

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

std::string WebdavDestination::path_for(const std::string& name, const std::string& object_id) const {
    return object_key("", object_id, name);
}

UploadResult WebdavDestination::upload(const UploadRequest& request, Progress& progress) {
    const std::string path = path_for(request.remote_name.empty() ? request.file.filename().string() : request.remote_name,
                                      object_id_or_new(request.object_id));
    const std::uint64_t size = fs::file_size(request.file);
    WebdavSession s{name_, settings_, password_,
                    HttpClient(TransferSettings::from(network_), &progress.cancel_token()), progress};
    const std::string url = s.url_of(path);
    const std::vector<std::string> headers = webdav_put_headers(path.substr(path.rfind('/') + 1), request.content_type);
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

    UploadResult result;
    // The server said yes; make sure it holds the whole file before we call it done.
    result.etag = s.verify_size("PUT", url, size);
    result.remote_path = path;
    result.bytes = size;
    result.url = webdav_link(settings_, path);
    return result;
}

void WebdavDestination::remove(const std::string& remote_path, Progress& progress) {
    WebdavSession s{name_, settings_, password_,
                    HttpClient(TransferSettings::from(network_), &progress.cancel_token()), progress};
    const std::string url = s.url_of(sanitize_object_key(remote_path));
    HttpResponse r = s.send("DELETE", url);
    if (r.status != 200 && r.status != 204 && r.status != 404) s.fail("DELETE", url, r.status);
}

}  // namespace clipnote::upload
