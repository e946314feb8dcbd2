#pragma once
// kind = "webhook": uploads through another destination (upload_to), then posts its link to a
// Slack / Mattermost / Teams incoming webhook. The link is the other destination's link.
#include <memory>

#include "upload/config.h"
#include "upload/destination.h"
#include "upload/transport/secret.h"

namespace clipnote::upload {

class WebhookDestination : public Destination {
public:
    WebhookDestination(std::string name, WebhookSettings settings, NetworkSettings network, Secret webhook_url,
                       std::unique_ptr<Destination> storage);
    const std::string& name() const override { return name_; }
    std::string describe() const override;
    // If the message cannot be posted the upload still happened: the Error says so and carries the link.
    UploadResult upload(const UploadRequest& request, Progress& progress) override;
    void remove(const std::string& remote_path, Progress& progress) override;  // the stored file only
    void abandon(const std::string& remote_name, const std::string& object_id, const std::string& upload_id) override {
        storage_->abandon(remote_name, object_id, upload_id);
    }

private:
    std::string name_;
    WebhookSettings settings_;
    NetworkSettings network_;
    Secret url_;
    std::unique_ptr<Destination> storage_;
};

// The one-line description for `destinations list`, without building the storage destination.
std::string describe_webhook(const WebhookSettings& settings);

}  // namespace clipnote::upload
