#include "upload/transport/xml_text.h"

#include <algorithm>
#include <cstdio>

#include "common/error.h"

namespace clipnote::upload {
namespace {

// Answers we read are a few kB; a ListParts page of 1000 parts is ~300 kB. The cap also bounds
// pugixml's memory (~64 bytes per element).
constexpr std::size_t kMaxXmlBytes = 4u << 20;

// The digit's value, or -1 when it is not a digit of this base.
int digit_value(char c, bool hex) {
    if (c >= '0' && c <= '9') return c - '0';
    if (hex && c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (hex && c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// XML forbids malformed character references; pugixml keeps them as text, so a value read from
// one would be garbage. Skips CDATA, comments and processing instructions, where "&#" is text.
void check_character_references(std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '<') {
            std::string_view end;
            if (s.substr(i, 9) == "<![CDATA[")
                end = "]]>";
            else if (s.substr(i, 4) == "<!--")
                end = "-->";
            else if (s.substr(i, 2) == "<?")
                end = "?>";
            if (!end.empty()) {
                const std::size_t at = s.find(end, i);
                if (at == std::string_view::npos) return;  // pugixml reports the unclosed section
                i = at + end.size() - 1;
            }
            continue;
        }
        if (c != '&' || s.substr(i, 2) != "&#") continue;
        const bool hex = i + 2 < s.size() && s[i + 2] == 'x';
        std::size_t j = i + (hex ? 3 : 2);
        unsigned long code = 0;
        const std::size_t digits_from = j;
        for (int d; j < s.size() && (d = digit_value(s[j], hex)) >= 0; ++j)
            code = std::min<unsigned long>(code * (hex ? 16 : 10) + static_cast<unsigned long>(d), 0x110000);
        const bool valid = j > digits_from && j < s.size() && s[j] == ';' && code != 0 && code <= 0x10FFFF &&
                           !(code >= 0xD800 && code <= 0xDFFF);
        if (!valid) {
            const std::size_t semi = s.find(';', i);
            const std::size_t shown = semi == std::string_view::npos ? 12 : std::min<std::size_t>(semi - i + 1, 16);
            throw Error("the response is not well-formed XML: bad character reference \"" +
                        std::string(s.substr(i, shown)) + "\" at offset " + std::to_string(i));
        }
        i = j;
    }
}

// The node after `node` in document order, not leaving `root`'s subtree; empty at the end.
pugi::xml_node next_in_subtree(const pugi::xml_node& node, const pugi::xml_node& root) {
    if (node.first_child()) return node.first_child();
    for (pugi::xml_node n = node; n && n != root; n = n.parent())
        if (n.next_sibling()) return n.next_sibling();
    return {};
}

}  // namespace

pugi::xml_document parse_xml_reply(std::string_view text) {
    if (text.size() > kMaxXmlBytes) {
        char size[32];
        std::snprintf(size, sizeof size, "%.1f MiB", static_cast<double>(text.size()) / (1 << 20));
        throw Error(std::string("the response is too large to read as XML (") + size + "; clipnote reads up to " +
                    std::to_string(kMaxXmlBytes >> 20) + " MiB)");
    }
    check_character_references(text);
    pugi::xml_document doc;
    const pugi::xml_parse_result r = doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!r)
        throw Error(std::string("the response is not well-formed XML: ") + r.description() + " at offset " +
                    std::to_string(r.offset));
    return doc;
}

bool xml_name_is(const pugi::xml_node& node, std::string_view name) {
    std::string_view n = node.name();
    if (n == name) return true;
    const auto colon = n.find(':');
    return colon != std::string_view::npos && n.substr(colon + 1) == name;
}

pugi::xml_node xml_first_descendant(const pugi::xml_node& node, std::string_view name) {
    for (pugi::xml_node n = next_in_subtree(node, node); n; n = next_in_subtree(n, node))
        if (n.type() == pugi::node_element && xml_name_is(n, name)) return n;
    return {};
}

std::string xml_all_text(const pugi::xml_node& node) {
    std::string out;
    for (pugi::xml_node n = next_in_subtree(node, node); n; n = next_in_subtree(n, node))
        if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) out += n.value();
    return out;
}

std::optional<std::string> xml_element(const pugi::xml_node& node, std::string_view tag) {
    const pugi::xml_node e = xml_first_descendant(node, tag);
    if (!e) return std::nullopt;
    return xml_all_text(e);
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
