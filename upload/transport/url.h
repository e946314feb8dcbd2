#pragma once
// Just enough URL handling for uploads: split an http(s) URL, percent-encode path segments the
// way S3 and WebDAV expect, build file:// links, and print URLs without credentials or queries.
#include <filesystem>
#include <string>

namespace clipnote::upload {

struct Url {
    std::string scheme;    // lower case
    std::string userinfo;  // "user:pass" if the URL carried one (never printed)
    std::string host;      // without brackets for IPv6
    int port = 0;          // explicit port, or 0
    std::string path;      // as written (already encoded), "/" if absent
    std::string query;     // without '?'

    int effective_port() const { return port ? port : (scheme == "https" ? 443 : 80); }
    // host[:port] as a client sends it in the Host header (port omitted when it is the default).
    std::string authority() const;
    // scheme://authority
    std::string origin() const { return scheme + "://" + authority(); }
};

// Throws Error for anything that is not scheme://host[:port][/path][?query].
Url parse_url(const std::string& text);

// RFC 3986 unreserved characters stay; everything else becomes %XX (upper case). With
// keep_slash, '/' stays too (for object keys and paths).
std::string percent_encode(const std::string& text, bool keep_slash);

// file:///abs/path with each segment percent-encoded.
std::string file_uri(const std::filesystem::path& absolute_path);

// The URL for messages: no userinfo, no query (presigned signatures, tokens), no fragment.
std::string redact_url(const std::string& url);

// `text` with every spelling of the secret `url` (as is, and as redact_url prints it) replaced by
// `label`: transport errors from HttpClient name the URL they failed on.
std::string hide_url(std::string text, const std::string& url, const std::string& label);

}  // namespace clipnote::upload
