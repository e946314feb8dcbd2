#pragma once
// Names that reach a server or a folder: no path traversal, no control characters, no empty
// segments. Used for S3 keys, WebDAV paths and local copies alike.
#include <string>

namespace clipnote::upload {

// "a/../b\\c\x01.mp4" -> "a/b/c.mp4": '\\' counts as '/', segments "", "." and ".." are dropped,
// control characters (C0, DEL) are removed, a trailing '/' is kept only when keep_trailing_slash
// (prefixes). Throws Error when nothing is left (unless allow_empty).
std::string sanitize_object_key(const std::string& key, bool keep_trailing_slash = false, bool allow_empty = false);

// The last segment only: a file name safe to create in a folder.
std::string sanitize_file_name(const std::string& name);

// A guess from the extension: video/mp4, image/gif, video/webm, ..., else application/octet-stream.
std::string guess_content_type(const std::string& file_name);

}  // namespace clipnote::upload
