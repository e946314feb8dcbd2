#include "upload/s3/sigv4.h"

#include <algorithm>
#include <cctype>
#include <ctime>

#include "upload/transport/crypto.h"
#include "upload/transport/url.h"

namespace clipnote::upload {
namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

// Trim and collapse runs of spaces, as the canonical header form requires.
std::string canonical_header_value(const std::string& value) {
    std::string out;
    bool space = false;
    for (unsigned char c : value) {
        if (c == ' ' || c == '\t') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += static_cast<char>(c);
    }
    return out;
}

struct CanonicalHeaders {
    std::string block;         // "name:value\n" lines
    std::string signed_names;  // "host;x-amz-date"
};

CanonicalHeaders canonical_headers(std::vector<std::pair<std::string, std::string>> headers) {
    for (auto& [name, value] : headers) {
        name = lower(name);
        value = canonical_header_value(value);
    }
    std::sort(headers.begin(), headers.end());
    CanonicalHeaders out;
    for (const auto& [name, value] : headers) {
        out.block += name + ":" + value + "\n";
        out.signed_names += (out.signed_names.empty() ? "" : ";") + name;
    }
    return out;
}

std::string signing_key(const Secret& secret, const std::string& date, const SigV4Scope& scope) {
    std::string k = hmac_sha256("AWS4" + secret.reveal(), date);
    k = hmac_sha256(k, scope.region);
    k = hmac_sha256(k, scope.service);
    return hmac_sha256(k, "aws4_request");
}

// Returns the hex signature for the canonical request built from the parts.
std::string signature(const std::string& method, const std::string& uri, const std::string& query,
                      const CanonicalHeaders& headers, const std::string& payload, const std::string& timestamp,
                      const std::string& credential_scope, const Secret& secret, const SigV4Scope& scope) {
    const std::string canonical_request =
        method + "\n" + uri + "\n" + query + "\n" + headers.block + "\n" + headers.signed_names + "\n" + payload;
    const std::string string_to_sign =
        "AWS4-HMAC-SHA256\n" + timestamp + "\n" + credential_scope + "\n" + to_hex(sha256(canonical_request));
    return to_hex(hmac_sha256(signing_key(secret, timestamp.substr(0, 8), scope), string_to_sign));
}

}  // namespace

std::string amz_date(std::chrono::system_clock::time_point t) {
    const std::time_t tt = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[20];
    std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
    return buf;
}

std::string canonical_query_string(const QueryParams& query) {
    std::vector<std::pair<std::string, std::string>> encoded;
    encoded.reserve(query.size());
    for (const auto& [k, v] : query) encoded.emplace_back(percent_encode(k, false), percent_encode(v, false));
    std::sort(encoded.begin(), encoded.end());
    std::string out;
    for (const auto& [k, v] : encoded) out += (out.empty() ? "" : "&") + k + "=" + v;
    return out;
}

std::vector<std::string> sigv4_sign_headers(const SigV4Request& request, const AwsCredentials& credentials,
                                            const SigV4Scope& scope, std::chrono::system_clock::time_point now) {
    const std::string timestamp = amz_date(now);
    const std::string credential_scope =
        timestamp.substr(0, 8) + "/" + scope.region + "/" + scope.service + "/aws4_request";
    std::vector<std::pair<std::string, std::string>> headers = request.headers;
    headers.emplace_back("host", request.host);
    headers.emplace_back("x-amz-date", timestamp);
    headers.emplace_back("x-amz-content-sha256", request.payload_sha256_hex);
    if (!credentials.session_token.empty())
        headers.emplace_back("x-amz-security-token", credentials.session_token.reveal());
    const CanonicalHeaders canon = canonical_headers(headers);
    const std::string sig =
        signature(request.method, request.canonical_uri, canonical_query_string(request.query), canon,
                  request.payload_sha256_hex, timestamp, credential_scope, credentials.secret_access_key, scope);
    std::vector<std::string> out = {"x-amz-date: " + timestamp, "x-amz-content-sha256: " + request.payload_sha256_hex};
    if (!credentials.session_token.empty())
        out.push_back("x-amz-security-token: " + credentials.session_token.reveal());
    out.push_back("Authorization: AWS4-HMAC-SHA256 Credential=" + credentials.access_key_id + "/" + credential_scope +
                  ", SignedHeaders=" + canon.signed_names + ", Signature=" + sig);
    return out;
}

std::string sigv4_presign_query(const SigV4Request& request, const AwsCredentials& credentials, const SigV4Scope& scope,
                                std::chrono::system_clock::time_point now, std::chrono::seconds expires) {
    const std::string timestamp = amz_date(now);
    const std::string credential_scope =
        timestamp.substr(0, 8) + "/" + scope.region + "/" + scope.service + "/aws4_request";
    QueryParams query = request.query;
    query.emplace_back("X-Amz-Algorithm", "AWS4-HMAC-SHA256");
    query.emplace_back("X-Amz-Credential", credentials.access_key_id + "/" + credential_scope);
    query.emplace_back("X-Amz-Date", timestamp);
    query.emplace_back("X-Amz-Expires", std::to_string(expires.count()));
    query.emplace_back("X-Amz-SignedHeaders", "host");
    if (!credentials.session_token.empty())
        query.emplace_back("X-Amz-Security-Token", credentials.session_token.reveal());
    const std::string canonical_query = canonical_query_string(query);
    const CanonicalHeaders canon = canonical_headers({{"host", request.host}});
    const std::string sig = signature(request.method, request.canonical_uri, canonical_query, canon, "UNSIGNED-PAYLOAD",
                                      timestamp, credential_scope, credentials.secret_access_key, scope);
    return canonical_query + "&X-Amz-Signature=" + sig;
}

}  // namespace clipnote::upload
