#include "upload/transport/multipart.h"

#include <random>

#include "common/error.h"
#include "upload/transport/url.h"

namespace clipnote::upload {
namespace {

// Quotes in a header parameter become %22, line breaks are dropped (what browsers do).
std::string quoted(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"')
            out += "%22";
        else if (c != '\r' && c != '\n')
            out += c;
    }
    return out + "\"";
}

std::string random_boundary() {
    static const char kChars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    std::random_device device;
    std::mt19937_64 rng(device());
    std::uniform_int_distribution<int> pick(0, sizeof kChars - 2);
    std::string b = "----clipnote";
    for (int i = 0; i < 24; ++i) b += kChars[pick(rng)];
    return b;
}

}  // namespace

MultipartBody make_multipart(const std::vector<MultipartField>& fields, const MultipartFile* file) {
    std::string boundary;
    for (;;) {
        boundary = random_boundary();
        bool clash = false;
        for (const auto& f : fields) clash = clash || f.value.find(boundary) != std::string::npos;
        if (!clash) break;
    }
    std::string head;
    for (const auto& f : fields) {
        head += "--" + boundary + "\r\nContent-Disposition: form-data; name=" + quoted(f.name) + "\r\n";
        if (!f.content_type.empty()) head += "Content-Type: " + f.content_type + "\r\n";
        head += "\r\n" + f.value + "\r\n";
    }
    const std::string end = "--" + boundary + "--\r\n";
    MultipartBody out;
    out.content_type = "multipart/form-data; boundary=" + boundary;
    if (!file) {
        out.body = Body::memory(head + end);
        return out;
    }
    head += "--" + boundary + "\r\nContent-Disposition: form-data; name=" + quoted(file->field_name) +
            "; filename=" + quoted(file->file_name) + "\r\nContent-Type: " +
            (file->content_type.empty() ? std::string("application/octet-stream") : file->content_type) + "\r\n\r\n";
    out.body = Body::framed_file(std::move(head), file->path, file->size, "\r\n" + end);
    return out;
}

std::string form_urlencode(const std::vector<std::pair<std::string, std::string>>& fields) {
    std::string out;
    for (const auto& [name, value] : fields)
        out += (out.empty() ? "" : "&") + percent_encode(name, false) + "=" + percent_encode(value, false);
    return out;
}

}  // namespace clipnote::upload
