#pragma once
// kind = "sxcu": uploads the way a ShareX custom uploader file says (sxcu_file.h); the link is
// its URL template applied to the response (or the response itself).
#include "upload/config.h"
#include "upload/destination.h"
#include "upload/sxcu/sxcu_file.h"

namespace clipnote::upload {

class SxcuDestination : public Destination {
public:
    // Throws Error when the file cannot be read, is malformed, or uses unsupported features.
    SxcuDestination(std::string name, SxcuSettings settings, NetworkSettings network);
    const std::string& name() const override { return name_; }
    std::string describe() const override;
    UploadResult upload(const UploadRequest& request, Progress& progress) override;
    // remote_path is the DeletionURL the service returned (GET, as ShareX opens it); without one
    // nothing can be deleted and a note says so.
    void remove(const std::string& remote_path, Progress& progress) override;

private:
    std::string name_;
    SxcuSettings settings_;
    NetworkSettings network_;
    SxcuSpec spec_;
};

}  // namespace clipnote::upload
