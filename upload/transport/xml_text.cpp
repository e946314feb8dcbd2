#include "upload/transport/xml_text.h"

namespace clipnote::upload {
namespace {

std::string xml_unescape(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '&') {
            out += s[i];
            continue;
        }
        static const std::pair<const char*, char> entities[] = {{"&amp;", '&'},  {"&lt;", '<'},    {"&gt;", '>'},
                                                                {"&quot;", '"'}, {"&apos;", '\''}, {"&#34;", '"'},
                                                                {"&#39;", '\''}};
        bool done = false;
        for (const auto& [name, c] : entities) {
            if (s.compare(i, std::char_traits<char>::length(name), name) == 0) {
                out += c;
                i += std::char_traits<char>::length(name) - 1;
                done = true;
                break;
            }
        }
        if (!done) out += '&';
    }
    return out;
}

// Finds "<tag>" or "<tag " from `from`; returns the position after '>' and the element's end.
bool next_element(const std::string& xml, const std::string& tag, std::size_t& from, std::size_t& inner_begin,
                  std::size_t& inner_end) {
    const std::string open = "<" + tag, close = "</" + tag + ">";
    for (std::size_t p = xml.find(open, from); p != std::string::npos; p = xml.find(open, p + 1)) {
        const char after = p + open.size() < xml.size() ? xml[p + open.size()] : '\0';
        if (after != '>' && after != ' ' && after != '/') continue;
        const std::size_t gt = xml.find('>', p);
        if (gt == std::string::npos) return false;
        if (xml[gt - 1] == '/') {  // <tag/>
            inner_begin = inner_end = gt + 1;
            from = gt + 1;
            return true;
        }
        const std::size_t end = xml.find(close, gt);
        if (end == std::string::npos) return false;
        inner_begin = gt + 1;
        inner_end = end;
        from = end + close.size();
        return true;
    }
    return false;
}

}  // namespace

std::optional<std::string> xml_element(const std::string& xml, const std::string& tag) {
    std::size_t from = 0, b = 0, e = 0;
    if (!next_element(xml, tag, from, b, e)) return std::nullopt;
    return xml_unescape(xml.substr(b, e - b));
}

std::vector<std::string> xml_elements(const std::string& xml, const std::string& tag) {
    std::vector<std::string> out;
    std::size_t from = 0, b = 0, e = 0;
    while (next_element(xml, tag, from, b, e)) out.push_back(xml.substr(b, e - b));
    return out;
}

std::string xml_escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&apos;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

}  // namespace clipnote::upload
