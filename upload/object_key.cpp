#include "upload/object_key.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "common/error.h"
#include "upload/transport/crypto.h"

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

namespace {
constexpr char kIdAlphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
constexpr std::size_t kIdLength = 20;  // 20 x 5 bits
}  // namespace

std::string new_object_id() {
    std::string id = random_bytes(kIdLength);
    // 256 is a multiple of 32: the low 5 bits of a uniform byte are uniform.
    for (char& c : id) c = kIdAlphabet[static_cast<unsigned char>(c) & 31];
    return id;
}

bool is_object_id(const std::string& id) {
    return id.size() == kIdLength && id.find_first_not_of(kIdAlphabet) == std::string::npos;
}

std::string object_id_or_new(const std::string& id) {
    if (id.empty()) return new_object_id();
    if (!is_object_id(id)) throw Error("\"" + id + "\" is not an upload id (20 characters a-z, 2-7)");
    return id;
}

std::string object_key(const std::string& prefix, const std::string& id, const std::string& name) {
    if (!is_object_id(id)) throw Error("\"" + id + "\" is not an upload id (20 characters a-z, 2-7)");
    const std::string path = sanitize_object_key(name);
    const auto slash = path.rfind('/');
    const std::string folders = slash == std::string::npos ? "" : path.substr(0, slash + 1);
    return sanitize_object_key(prefix, true, true) + folders + id + "/" + path.substr(folders.size());
}

std::string guess_content_type(const std::string& file_name) {
    static const std::map<std::string, std::string> types = {
        {"mp4", "video/mp4"},       {"m4v", "video/mp4"},   {"webm", "video/webm"}, {"mkv", "video/x-matroska"},
        {"mov", "video/quicktime"}, {"gif", "image/gif"},   {"png", "image/png"},   {"jpg", "image/jpeg"},
        {"jpeg", "image/jpeg"},     {"webp", "image/webp"}, {"m4a", "audio/mp4"},   {"ogg", "audio/ogg"},
        {"opus", "audio/opus"},     {"mp3", "audio/mpeg"},  {"wav", "audio/wav"},   {"txt", "text/plain"},
        {"html", "text/html; charset=utf-8"}, {"htm", "text/html; charset=utf-8"}};
    const auto dot = file_name.rfind('.');
    if (dot == std::string::npos) return "application/octet-stream";
    std::string ext = file_name.substr(dot + 1);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    auto it = types.find(ext);
    return it != types.end() ? it->second : "application/octet-stream";
}

}  // namespace clipnote::upload
