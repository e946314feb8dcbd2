#pragma once
// multipart/form-data bodies (RFC 7578) with text fields and at most one file, streamed from disk
// through Body::framed_file: Discord webhooks and ShareX custom uploaders send files this way.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "upload/transport/http.h"

namespace clipnote::upload {

struct MultipartField {
    std::string name, value;
    std::string content_type;  // empty: a plain text field
};

struct MultipartFile {
    std::string field_name;  // "file", "files[0]"
    std::string file_name;   // as the server sees it
    std::string content_type;
    std::filesystem::path path;
    std::uint64_t size = 0;
};

struct MultipartBody {
    Body body;
    std::string content_type;  // "multipart/form-data; boundary=…"
};

// Fields first, then the file (servers that stream the upload want the metadata before it).
// The boundary is random and checked against the text fields.
MultipartBody make_multipart(const std::vector<MultipartField>& fields, const MultipartFile* file);

// application/x-www-form-urlencoded: name=value&… with RFC 3986 percent-encoding.
std::string form_urlencode(const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace clipnote::upload
