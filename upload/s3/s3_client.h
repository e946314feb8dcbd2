#pragma once
// The S3 REST calls clipnote needs, signed with SigV4: PutObject, the multipart calls, HeadObject,
// DeleteObject, and presigned GET links. Stateless apart from settings and credentials; the
// caller passes the HttpClient, so parallel parts each use their own connection.
#include <chrono>
#include <pugixml.hpp>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "upload/config.h"
#include "upload/destination.h"
#include "upload/transport/http.h"
#include "upload/s3/sigv4.h"
#include "upload/transport/url.h"

namespace clipnote::upload {

// Stored with the object and sent back on every GET.
struct ObjectHeaders {
    std::string content_type;
    std::string content_disposition;  // empty: none
};

struct S3Part {
    int number = 0;
    std::string etag;  // as the server returned it, quotes included
    std::uint64_t size = 0;
};

// S3's XML answers and the one XML body clipnote sends, read and written without a server (the
// client below uses these; tests/fuzz feeds them hostile answers).
struct S3ErrorReply {
    std::string code, message;  // both empty when the body is not S3's <Error> XML
};
// <Error><Code>…</Code><Message>…</Message></Error>, or a proxy's page/nothing: never throws Error.
S3ErrorReply read_s3_error(std::string_view body);
// CreateMultipartUpload: the <UploadId>; "" when there is none.
std::string read_upload_id(const pugi::xml_document& reply);
// One ListParts page: its parts, and where the next page starts when it is truncated.
struct S3PartsPage {
    std::vector<S3Part> parts;
    bool truncated = false;
    std::string next_marker;
};
// Throws Error("a part without a readable PartNumber or Size") for such a part.
S3PartsPage read_list_parts(const pugi::xml_document& reply);
// The <CompleteMultipartUpload> body listing `parts` (numbers and ETags, escaped).
std::string complete_multipart_xml(const std::vector<S3Part>& parts);

class S3Client {
public:
    // `context` starts every message ("destination \"team\""); the *_field names are the config
    // fields the secrets came from, for hints ("check field \"secret_key_env\"").
    S3Client(S3Settings settings, AwsCredentials credentials, std::string context, std::string access_key_field,
             std::string secret_key_field);

    std::string object_url(const std::string& key) const;
    std::string presigned_get_url(const std::string& key, std::chrono::seconds expires,
                                  std::chrono::system_clock::time_point now = std::chrono::system_clock::now()) const;

    // Each returns once the server answered 2xx (retrying per the client's policy) and throws
    // Error with S3's code and message otherwise. `on_sent` gets body bytes sent so far.
    std::string put_object(HttpClient& http, const std::string& key, const std::filesystem::path& file,
                           std::uint64_t size, const ObjectHeaders& headers, const UploadProgressFn& on_sent,
                           Progress* notes) const;
    std::string create_multipart_upload(HttpClient& http, const std::string& key, const ObjectHeaders& headers) const;
    std::string upload_part(HttpClient& http, const std::string& key, const std::string& upload_id, int number,
                            const std::filesystem::path& file, std::uint64_t offset, std::uint64_t length,
                            const UploadProgressFn& on_sent, Progress* notes) const;
    std::vector<S3Part> list_parts(HttpClient& http, const std::string& key, const std::string& upload_id) const;
    std::string complete_multipart_upload(HttpClient& http, const std::string& key, const std::string& upload_id,
                                          const std::vector<S3Part>& parts) const;
    void abort_multipart_upload(HttpClient& http, const std::string& key, const std::string& upload_id) const;
    // Size of the stored object; throws if it is absent.
    std::uint64_t head_object_size(HttpClient& http, const std::string& key) const;
    void delete_object(HttpClient& http, const std::string& key) const;

    const S3Settings& settings() const { return settings_; }

private:
    struct Target {
        std::string url_base;  // scheme://authority/canonical_uri (no query)
        std::string host;
        std::string canonical_uri;
    };
    Target target(const std::string& key) const;
    HttpRequest signed_request(const std::string& method, const std::string& key, const QueryParams& query,
                               std::vector<std::pair<std::string, std::string>> signed_headers, Body body,
                               const std::string& payload_sha256_hex) const;
    HttpResponse send(HttpClient& http, const std::string& operation, const std::string& key,
                      const std::function<HttpRequest()>& make, const UploadProgressFn& on_sent, Progress* notes) const;
    // The body of a 2xx answer as XML; throws Error naming the operation when it is not.
    pugi::xml_document reply(const HttpResponse& r, const std::string& operation, const std::string& key) const;
    [[noreturn]] void fail(const std::string& operation, const std::string& key, const HttpResponse& r) const;

    S3Settings settings_;
    AwsCredentials credentials_;
    std::string context_, access_key_field_, secret_key_field_;
    Url endpoint_;
};

}  // namespace clipnote::upload
