#pragma once
// kind = "slack": Slack's external upload flow with a bot token —
// files.getUploadURLExternal (filename, length) → POST the bytes to upload_url →
// files.completeUploadExternal (files=[{id,title}], channel_id) — and the link is the file's
// permalink. Slack answers errors with HTTP 200 and {"ok":false,"error":"…"}; those are
// reported naming the config field to check (invalid_auth → "token_env").
#include "upload/config.h"
#include "upload/destination.h"
#include "upload/transport/secret.h"

namespace clipnote::upload {

class SlackDestination : public Destination {
public:
    SlackDestination(std::string name, SlackSettings settings, NetworkSettings network, Secret token);
    const std::string& name() const override { return name_; }
    std::string describe() const override;
    UploadResult upload(const UploadRequest& request, Progress& progress) override;
    // remote_path is the file id: files.delete.
    void remove(const std::string& remote_path, Progress& progress) override;

private:
    std::string name_;
    SlackSettings settings_;
    NetworkSettings network_;
    Secret token_;
};

}  // namespace clipnote::upload
