#pragma once
// kind = "webdav": PUT into a collection at "<folders>/<id>/<name>" (object_key.h; MKCOL for
// missing folders), basic auth; the link is public_base_url + path, or the file's own URL.
#include "upload/config.h"
#include "upload/destination.h"
#include "upload/transport/secret.h"

namespace clipnote::upload {

class WebdavDestination : public Destination {
public:
    WebdavDestination(std::string name, WebdavSettings settings, NetworkSettings network, Secret password);
    const std::string& name() const override { return name_; }
    std::string describe() const override;
    UploadResult upload(const UploadRequest& request, Progress& progress) override;
    void remove(const std::string& remote_path, Progress& progress) override;

    // Where a file called `name` goes under `object_id` (object_key.h): the upload's path.
    std::string path_for(const std::string& name, const std::string& object_id) const;
    std::string remote_path_of(const std::string& name, const std::string& object_id) const override {
        return path_for(name, object_id);
    }
    const WebdavSettings& settings() const { return settings_; }
    const NetworkSettings& network() const { return network_; }
    const Secret& password() const { return password_; }

private:
    std::string name_;
    WebdavSettings settings_;
    NetworkSettings network_;
    Secret password_;
};

}  // namespace clipnote::upload
