#pragma once
// kind = "s3": single PUT below multipart_threshold, else a multipart upload with `parallel`
// parts in flight, each retried, resumable by upload id. The link is a presigned GET or
// public_base_url + key.
#include "upload/config.h"
#include "upload/destination.h"
#include "upload/s3/s3_client.h"

namespace clipnote::upload {

class S3Destination : public Destination {
public:
    S3Destination(std::string name, S3Settings settings, NetworkSettings network, S3Client client);
    const std::string& name() const override { return name_; }
    std::string describe() const override;
    UploadResult upload(const UploadRequest& request, Progress& progress) override;
    void remove(const std::string& remote_path, Progress& progress) override;
    // Aborts the multipart upload `upload_id` of the file called `remote_name`, freeing its parts.
    void abandon(const std::string& remote_name, const std::string& object_id, const std::string& upload_id) override;

    // The object key for a file name: prefix + folders of the name + id + "/" + file name (object_key.h).
    std::string key_for(const std::string& name, const std::string& object_id) const;
    std::string remote_path_of(const std::string& name, const std::string& object_id) const override {
        return key_for(name, object_id);
    }
    std::string link_for(const std::string& key) const;
    const S3Client& client() const { return client_; }

private:
    UploadResult upload_multipart(const UploadRequest& request, const std::string& key, const ObjectHeaders& headers,
                                  std::uint64_t size, Progress& progress);

    std::string name_;
    S3Settings settings_;
    NetworkSettings network_;
    S3Client client_;
};

}  // namespace clipnote::upload
