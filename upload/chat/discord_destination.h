#pragma once
// kind = "discord": a webhook execute (POST <webhook>?wait=true) with the file as attachment
// files[0] and a message in payload_json; the link is the attachment URL Discord answers with.
// HTTP 413 throws FileTooLargeError so a caller can offer to re-encode or try another destination.
#include "upload/config.h"
#include "upload/destination.h"
#include "upload/transport/secret.h"

namespace clipnote::upload {

class DiscordDestination : public Destination {
public:
    DiscordDestination(std::string name, DiscordSettings settings, NetworkSettings network, Secret webhook_url);
    const std::string& name() const override { return name_; }
    std::string describe() const override;
    UploadResult upload(const UploadRequest& request, Progress& progress) override;
    // remote_path is the message id: deletes the message (and so the attachment).
    void remove(const std::string& remote_path, Progress& progress) override;

private:
    std::string name_;
    DiscordSettings settings_;
    NetworkSettings network_;
    Secret url_;
};

}  // namespace clipnote::upload
