#include "upload/webdav/live_upload.h"

#include <algorithm>

#include "common/error.h"
#include "upload/transport/url.h"
#include "upload/webdav/webdav_session.h"

namespace fs = std::filesystem;

namespace clipnote::upload {
namespace {

// At the start, before the recording: how long to try to reach the server.
constexpr std::chrono::seconds kStartConnectTimeout{3};

// Keeps the retry notes of the PUT running in the background, for last_error().
class NoteKeeper : public Progress {
public:
    NoteKeeper(std::mutex& mutex, std::string& note) : mutex_(mutex), note_(note) {}
    void on_note(const std::string& text) override {
        std::lock_guard lock(mutex_);
        note_ = text;
    }

private:
    std::mutex& mutex_;
    std::string& note_;
};

TransferSettings quick(const NetworkSettings& network) {
    TransferSettings t = TransferSettings::from(network);
    t.retry.max_retries = std::min(t.retry.max_retries, 1);
    t.network.connect_timeout = std::min(t.network.connect_timeout, kStartConnectTimeout);
    return t;
}

}  // namespace

LiveWebdavUpload::LiveWebdavUpload(std::string destination, WebdavSettings settings, NetworkSettings network,
                                   Secret password, std::string path, fs::path file)
    : destination_(std::move(destination)),
      settings_(std::move(settings)),
      network_(std::move(network)),
      password_(std::move(password)),
      path_(std::move(path)),
      spool_(std::move(file)) {
    // The recording waits for this: a network that is away must not hold it up for long.
    Progress progress;
    WebdavSession s{destination_, settings_, password_, HttpClient(quick(network_)), progress};
    s.make_collections(path_);
    sender_ = std::thread([this] { put(); });
}

LiveWebdavUpload::~LiveWebdavUpload() { stop_sender(); }

void LiveWebdavUpload::stop_sender() {
    file_->cancel();
    background_progress_.cancel_token().cancel();
    if (sender_.joinable()) sender_.join();
}

void LiveWebdavUpload::put() {
    NoteKeeper notes(mutex_, error_);
    WebdavSession s{destination_, settings_, password_,
                    HttpClient(TransferSettings::from(network_), &background_progress_.cancel_token()), notes};
    const std::string url = s.url_of(path_);
    try {
        const HttpResponse r = s.send("PUT", url, Body::growing_file(spool_, file_),
                                      webdav_put_headers(path_.substr(path_.rfind('/') + 1), "video/mp4"),
                                      // curl counts the chunks' framing too
                                      [this](std::uint64_t sent) { sent_ = std::min(sent, bytes_ready()); });
        std::lock_guard lock(mutex_);
        status_ = r.status;
        error_.clear();
    } catch (const std::exception& e) {
        std::lock_guard lock(mutex_);
        error_ = e.what();
    }
}

std::string LiveWebdavUpload::last_error() const {
    std::lock_guard lock(mutex_);
    return error_;
}

std::string LiveWebdavUpload::finish(std::uint64_t size, Progress& progress) {
    std::error_code ec;
    const std::uint64_t on_disk = fs::file_size(spool_, ec);
    if (ec || on_disk != size)
        throw Error("live upload of " + spool_.string() + ": the file has " + std::to_string(on_disk) +
                    " bytes, expected " + std::to_string(size));
    bytes_left_at_finish_ = size - std::min<std::uint64_t>(size, sent_);
    file_->complete(size);
    if (sender_.joinable()) sender_.join();
    WebdavSession s{destination_, settings_, password_,
                    HttpClient(TransferSettings::from(network_), &progress.cancel_token()), progress};
    const std::string url = s.url_of(path_);
    long status = 0;
    {
        std::lock_guard lock(mutex_);
        if (status_ == 0) throw Error(error_.empty() ? "the streamed PUT " + redact_url(url) + " did not finish" : error_);
        status = status_;
    }
    if (status != 200 && status != 201 && status != 204) s.fail("PUT", url, status);
    return s.verify_size("PUT", url, size);
}

void LiveWebdavUpload::abort() {
    stop_sender();
    // A server that does not wait for the end of the body may hold part of it: remove that and
    // the upload's own folder. Few retries: the user asked to cancel, not to wait.
    Progress progress;
    WebdavSession s{destination_, settings_, password_, HttpClient(quick(network_)), progress};
    const std::string folder = path_.substr(0, path_.rfind('/') + 1);
    for (const std::string& url : {s.url_of(path_), s.url_of(folder)}) {
        const HttpResponse r = s.send("DELETE", url);
        if (r.status >= 300 && r.status != 404) s.fail("DELETE", url, r.status);
    }
}

}  // namespace clipnote::upload
