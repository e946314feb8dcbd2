#pragma once
// AWS Signature Version 4 for S3: the Authorization header of a request, and presigned URLs.
// Our own implementation over OpenSSL HMAC, so headers and presigned links share one canonical
// form; libcurl 7.88's CURLOPT_AWS_SIGV4 neither hashes a streamed body nor presigns URLs.
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "upload/transport/secret.h"

namespace clipnote::upload {

struct AwsCredentials {
    std::string access_key_id;
    Secret secret_access_key;
    Secret session_token;  // empty unless temporary credentials
};

using QueryParams = std::vector<std::pair<std::string, std::string>>;  // names/values not encoded

struct SigV4Request {
    std::string method;         // "PUT"
    std::string host;           // exactly the Host header curl sends: host[:port]
    std::string canonical_uri;  // the encoded path as sent, e.g. "/bucket/clips/a%20b.mp4"
    QueryParams query;
    std::vector<std::pair<std::string, std::string>> headers;  // more headers to sign (content-type, content-md5)
    std::string payload_sha256_hex = "UNSIGNED-PAYLOAD";
};

struct SigV4Scope {
    std::string region;
    std::string service = "s3";
};

// "YYYYMMDD'T'HHMMSS'Z'" in UTC.
std::string amz_date(std::chrono::system_clock::time_point t);

// Encoded, sorted "a=1&b=2" as SigV4 (and the request line) wants it.
std::string canonical_query_string(const QueryParams& query);

// The headers to add to the request: "x-amz-date: …", "x-amz-content-sha256: …",
// ("x-amz-security-token: …"), "Authorization: AWS4-HMAC-SHA256 …".
std::vector<std::string> sigv4_sign_headers(const SigV4Request& request, const AwsCredentials& credentials,
                                            const SigV4Scope& scope, std::chrono::system_clock::time_point now);

// The complete encoded query string of a presigned URL (request.query plus X-Amz-* and the
// signature), valid for `expires` from `now`. Only the host header is signed; payload unsigned.
std::string sigv4_presign_query(const SigV4Request& request, const AwsCredentials& credentials, const SigV4Scope& scope,
                                std::chrono::system_clock::time_point now, std::chrono::seconds expires);

}  // namespace clipnote::upload
