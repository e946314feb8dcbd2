#pragma once
// kind = "local": a copy in a folder, at "<id>/<name>" (object_key.h); the link is a file:// URI
// or public_base_url + that path.
#include "upload/config.h"
#include "upload/destination.h"

namespace clipnote::upload {

class LocalDestination : public Destination {
public:
    LocalDestination(std::string name, LocalSettings settings);
    const std::string& name() const override { return name_; }
    std::string describe() const override;
    UploadResult upload(const UploadRequest& request, Progress& progress) override;
    void remove(const std::string& remote_path, Progress& progress) override;
    std::string remote_path_of(const std::string& name, const std::string& object_id) const override;

private:
    std::string name_;
    LocalSettings settings_;
};

}  // namespace clipnote::upload
