#include "upload/object_key.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "common/error.h"

namespace clipnote::upload {

std::string sanitize_object_key(const std::string& key, bool keep_trailing_slash, bool allow_empty) {
    std::string out, segment;
    auto flush = [&] {
        // Trailing spaces and dots make names some filesystems and servers mangle.
        while (!segment.empty() && (segment.back() == ' ')) segment.pop_back();
        if (!segment.empty() && segment != "." && segment != "..") {
            if (!out.empty()) out += '/';
            out += segment;
        }
        segment.clear();
    };
    for (unsigned char c : key) {
        if (c == '/' || c == '\\') {
            flush();
        } else if (c >= 0x20 && c != 0x7f) {
            segment += static_cast<char>(c);
        }
    }
    flush();
    if (out.empty() && !allow_empty) throw Error("\"" + key + "\" leaves no usable name once sanitized");
    const bool trailing = !key.empty() && (key.back() == '/' || key.back() == '\\');
    if (keep_trailing_slash && trailing && !out.empty()) out += '/';
    return out;
}

std::string sanitize_file_name(const std::string& name) {
    std::string key = sanitize_object_key(name);
    return key.substr(key.rfind('/') + 1);
}

std::string guess_content_type(const std::string& file_name) {
    static const std::map<std::string, std::string> types = {
        {"mp4", "video/mp4"},       {"m4v", "video/mp4"},   {"webm", "video/webm"}, {"mkv", "video/x-matroska"},
        {"mov", "video/quicktime"}, {"gif", "image/gif"},   {"png", "image/png"},   {"jpg", "image/jpeg"},
        {"jpeg", "image/jpeg"},     {"webp", "image/webp"}, {"m4a", "audio/mp4"},   {"ogg", "audio/ogg"},
        {"opus", "audio/opus"},     {"mp3", "audio/mpeg"},  {"wav", "audio/wav"},   {"txt", "text/plain"}};
    const auto dot = file_name.rfind('.');
    if (dot == std::string::npos) return "application/octet-stream";
    std::string ext = file_name.substr(dot + 1);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    auto it = types.find(ext);
    return it != types.end() ? it->second : "application/octet-stream";
}

}  // namespace clipnote::upload
