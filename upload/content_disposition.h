#pragma once
// The Content-Disposition header that keeps an upload's human file name for the download, now
// that the key has a random folder in front of it (object_key.h).
#include <string>

namespace clipnote::upload {

// RFC 6266: `inline; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded UTF-8>`.
// inline, so a browser still plays the video; "Save as" takes the name. The fallback has '_' for
// each non-ASCII character and for '"' and '\'; control characters are dropped.
std::string content_disposition(const std::string& file_name);

}  // namespace clipnote::upload
