#include "upload/transport/url.h"

#include <algorithm>
#include <cctype>

#include "common/error.h"

namespace clipnote::upload {

std::string Url::authority() const {
    std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    const bool default_port = port == 0 || (scheme == "https" && port == 443) || (scheme == "http" && port == 80);
    return default_port ? h : h + ":" + std::to_string(port);
}

Url parse_url(const std::string& text) {
    Url u;
    const auto scheme_end = text.find("://");
    if (scheme_end == std::string::npos || scheme_end == 0)
        throw Error("\"" + redact_url(text) + "\" has no scheme://");
    u.scheme = text.substr(0, scheme_end);
    std::transform(u.scheme.begin(), u.scheme.end(), u.scheme.begin(), [](unsigned char c) { return std::tolower(c); });
    std::string rest = text.substr(scheme_end + 3);
    if (auto hash = rest.find('#'); hash != std::string::npos) rest.resize(hash);
    const auto path_start = rest.find_first_of("/?");
    std::string authority = rest.substr(0, path_start);
    std::string tail = path_start == std::string::npos ? "" : rest.substr(path_start);
    if (auto at = authority.rfind('@'); at != std::string::npos) {
        u.userinfo = authority.substr(0, at);
        authority.erase(0, at + 1);
    }
    std::string port_text;
    if (!authority.empty() && authority.front() == '[') {
        const auto close = authority.find(']');
        if (close == std::string::npos) throw Error("\"" + redact_url(text) + "\" has an unclosed [IPv6] host");
        u.host = authority.substr(1, close - 1);
        if (close + 1 < authority.size()) {
            if (authority[close + 1] != ':') throw Error("\"" + redact_url(text) + "\" has a bad host");
            port_text = authority.substr(close + 2);
        }
    } else {
        const auto colon = authority.find(':');
        u.host = authority.substr(0, colon);
        if (colon != std::string::npos) port_text = authority.substr(colon + 1);
    }
    if (u.host.empty()) throw Error("\"" + redact_url(text) + "\" has no host");
    if (!port_text.empty()) {
        if (!std::all_of(port_text.begin(), port_text.end(), [](unsigned char c) { return std::isdigit(c); }) ||
            port_text.size() > 5)
            throw Error("\"" + redact_url(text) + "\" has a bad port");
        u.port = std::stoi(port_text);
        if (u.port < 1 || u.port > 65535) throw Error("\"" + redact_url(text) + "\" has a bad port");
    }
    const auto q = tail.find('?');
    u.path = tail.substr(0, q);
    if (q != std::string::npos) u.query = tail.substr(q + 1);
    if (u.path.empty()) u.path = "/";
    return u;
}

std::string percent_encode(const std::string& text, bool keep_slash) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size() * 3 / 2);
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || (keep_slash && c == '/')) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string file_uri(const std::filesystem::path& absolute_path) {
    return "file://" + percent_encode(absolute_path.lexically_normal().string(), true);
}

std::string redact_url(const std::string& url) {
    std::string out = url.substr(0, url.find_first_of("?#"));
    const auto scheme_end = out.find("://");
    if (scheme_end != std::string::npos) {
        const auto host_start = scheme_end + 3;
        const auto path_start = out.find('/', host_start);
        const auto at = out.rfind('@', path_start == std::string::npos ? std::string::npos : path_start);
        if (at != std::string::npos && at >= host_start) out.erase(host_start, at + 1 - host_start);
    }
    return out;
}

std::string hide_url(std::string text, const std::string& url, const std::string& label) {
    for (const std::string& spelling : {url, redact_url(url)}) {
        if (spelling.empty()) continue;
        for (auto at = text.find(spelling); at != std::string::npos; at = text.find(spelling, at + label.size()))
            text.replace(at, spelling.size(), label);
    }
    return text;
}

}  // namespace clipnote::upload
