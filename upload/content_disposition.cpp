#include "upload/content_disposition.h"

#include "upload/transport/url.h"

namespace clipnote::upload {

std::string content_disposition(const std::string& file_name) {
    std::string ascii;
    for (unsigned char c : file_name) {
        if (c >= 0x80) {
            if (c >= 0xc0) ascii += '_';  // a UTF-8 lead byte; its continuation bytes are dropped
        } else if (c >= 0x20 && c != 0x7f) {
            ascii += (c == '"' || c == '\\') ? '_' : static_cast<char>(c);
        }
    }
    // percent_encode keeps only ALPHA DIGIT - . _ ~, all of them RFC 5987 attr-chars.
    return "inline; filename=\"" + ascii + "\"; filename*=UTF-8''" + percent_encode(file_name, false);
}

}  // namespace clipnote::upload
