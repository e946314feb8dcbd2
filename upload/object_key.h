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

// Every upload goes to a folder of its own, "<prefix><folders of name>/<id>/<file name>": two
// uploads with the same name never share a key (the second would replace the first behind a link
// already sent), and with a public base URL the link cannot be guessed from the file's name. The
// human name stays last, so a download keeps it; the folder is where a recording's other files
// (poster, page) can go. A queued item keeps its id, so a retry writes the same object again.
//
// A new id: 20 characters of lower-case base32 (a-z, 2-7), 100 bits from RAND_bytes. Lower case
// only, so folders on case-insensitive file systems stay distinct.
std::string new_object_id();
bool is_object_id(const std::string& id);
// `id` when it is set (throws Error if it is not an id: it came from the queue's database), else a new one.
std::string object_id_or_new(const std::string& id);
// "team/" + "2024/clip.mp4" under id "abc…" -> "team/2024/abc…/clip.mp4". `prefix` is prepended as
// is once sanitized (S3 prefixes need not end in '/'); `name` is sanitized.
std::string object_key(const std::string& prefix, const std::string& id, const std::string& name);

// A guess from the extension: video/mp4, image/gif, video/webm, ..., else application/octet-stream.
std::string guess_content_type(const std::string& file_name);

}  // namespace clipnote::upload
