#define PCRE2_CODE_UNIT_WIDTH 8
#include "upload/sxcu/response_query.h"

#include <pcre2.h>

#include <cctype>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "common/error.h"

namespace clipnote::upload {
namespace {

// ---- JSON -------------------------------------------------------------------------------------

struct PathStep {
    std::string key;
    std::optional<std::size_t> index;
};

std::vector<PathStep> parse_json_path(const std::string& path) {
    std::vector<PathStep> steps;
    std::size_t i = 0;
    if (path.starts_with("$")) i = 1;
    auto fail = [&] { throw Error("\"" + path + "\" is not a JSON path like data.files[0].url"); };
    while (i < path.size()) {
        if (path[i] == '.') {
            ++i;
            continue;
        }
        if (path[i] == '[') {
            const std::size_t close = path.find(']', i);
            if (close == std::string::npos) fail();
            std::string inside = path.substr(i + 1, close - i - 1);
            if (inside.size() >= 2 && (inside.front() == '\'' || inside.front() == '"') &&
                inside.back() == inside.front()) {
                steps.push_back({inside.substr(1, inside.size() - 2), std::nullopt});
            } else {
                if (inside.empty()) fail();
                for (char c : inside)
                    if (!std::isdigit(static_cast<unsigned char>(c))) fail();
                steps.push_back({"", std::stoul(inside)});
            }
            i = close + 1;
            continue;
        }
        std::size_t end = i;
        while (end < path.size() && path[end] != '.' && path[end] != '[') ++end;
        steps.push_back({path.substr(i, end - i), std::nullopt});
        i = end;
    }
    return steps;
}

std::string json_text_of(const nlohmann::json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_null()) return "";
    return v.dump();
}

// ---- XML (a tiny DOM: elements, attributes, text) ---------------------------------------------

struct XmlNode {
    std::string name;
    std::vector<std::pair<std::string, std::string>> attributes;
    std::string text;
    std::vector<std::unique_ptr<XmlNode>> children;
};

std::string decode_entities(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '&') {
            out += s[i];
            continue;
        }
        const std::size_t semi = s.find(';', i);
        if (semi == std::string::npos) {
            out += s[i];
            continue;
        }
        const std::string e = s.substr(i + 1, semi - i - 1);
        if (e == "amp")
            out += '&';
        else if (e == "lt")
            out += '<';
        else if (e == "gt")
            out += '>';
        else if (e == "quot")
            out += '"';
        else if (e == "apos")
            out += '\'';
        else if (e.size() > 1 && e[0] == '#') {
            const unsigned long cp = e[1] == 'x' ? std::stoul(e.substr(2), nullptr, 16) : std::stoul(e.substr(1));
            // UTF-8 encode
            if (cp < 0x80)
                out += static_cast<char>(cp);
            else if (cp < 0x800)
                out += static_cast<char>(0xC0 | (cp >> 6)), out += static_cast<char>(0x80 | (cp & 0x3F));
            else if (cp < 0x10000)
                out += static_cast<char>(0xE0 | (cp >> 12)), out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
                    out += static_cast<char>(0x80 | (cp & 0x3F));
            else
                out += static_cast<char>(0xF0 | (cp >> 18)), out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F)),
                    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += s.substr(i, semi - i + 1);
        }
        i = semi;
    }
    return out;
}

class XmlParser {
public:
    explicit XmlParser(const std::string& text) : s_(text) {}

    std::unique_ptr<XmlNode> parse() {
        auto root = std::make_unique<XmlNode>();  // document node
        parse_content(*root, "");
        return root;
    }

private:
    [[noreturn]] void fail() const { throw Error("the response is not well-formed XML"); }

    void parse_content(XmlNode& parent, const std::string& closing) {
        while (i_ < s_.size()) {
            if (s_[i_] != '<') {
                const std::size_t lt = s_.find('<', i_);
                parent.text += decode_entities(s_.substr(i_, lt - i_));
                i_ = lt == std::string::npos ? s_.size() : lt;
                continue;
            }
            if (s_.compare(i_, 4, "<!--") == 0) {
                skip_past("-->");
            } else if (s_.compare(i_, 9, "<![CDATA[") == 0) {
                const std::size_t end = s_.find("]]>", i_);
                if (end == std::string::npos) fail();
                parent.text += s_.substr(i_ + 9, end - i_ - 9);
                i_ = end + 3;
            } else if (s_.compare(i_, 2, "<?") == 0) {
                skip_past("?>");
            } else if (s_.compare(i_, 2, "<!") == 0) {
                skip_past(">");
            } else if (s_.compare(i_, 2, "</") == 0) {
                const std::size_t gt = s_.find('>', i_);
                if (gt == std::string::npos) fail();
                std::string name = s_.substr(i_ + 2, gt - i_ - 2);
                while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back()))) name.pop_back();
                if (name != closing) fail();
                i_ = gt + 1;
                return;
            } else {
                parse_element(parent);
            }
        }
        if (!closing.empty()) fail();
    }

    void parse_element(XmlNode& parent) {
        ++i_;  // '<'
        auto node = std::make_unique<XmlNode>();
        while (i_ < s_.size() && !std::isspace(static_cast<unsigned char>(s_[i_])) && s_[i_] != '>' && s_[i_] != '/')
            node->name += s_[i_++];
        if (node->name.empty()) fail();
        for (;;) {
            while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
            if (i_ >= s_.size()) fail();
            if (s_[i_] == '/') {
                if (s_.compare(i_, 2, "/>") != 0) fail();
                i_ += 2;
                parent.children.push_back(std::move(node));
                return;
            }
            if (s_[i_] == '>') {
                ++i_;
                break;
            }
            const std::size_t eq = s_.find('=', i_);
            if (eq == std::string::npos || eq + 1 >= s_.size()) fail();
            std::string name = s_.substr(i_, eq - i_);
            while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back()))) name.pop_back();
            std::size_t q = eq + 1;
            while (q < s_.size() && std::isspace(static_cast<unsigned char>(s_[q]))) ++q;
            if (q >= s_.size() || (s_[q] != '"' && s_[q] != '\'')) fail();
            const std::size_t end = s_.find(s_[q], q + 1);
            if (end == std::string::npos) fail();
            node->attributes.emplace_back(name, decode_entities(s_.substr(q + 1, end - q - 1)));
            i_ = end + 1;
        }
        parse_content(*node, node->name);
        parent.children.push_back(std::move(node));
    }

    void skip_past(const char* end) {
        const std::size_t at = s_.find(end, i_);
        if (at == std::string::npos) fail();
        i_ = at + std::char_traits<char>::length(end);
    }

    const std::string& s_;
    std::size_t i_ = 0;
};

// Name without a namespace prefix ("d:href" matches "href").
bool name_matches(const std::string& node_name, const std::string& step) {
    if (node_name == step) return true;
    const auto colon = node_name.find(':');
    return colon != std::string::npos && node_name.substr(colon + 1) == step;
}

const XmlNode* find_descendant(const XmlNode& node, const std::string& name) {
    for (const auto& c : node.children) {
        if (name_matches(c->name, name)) return c.get();
        if (const XmlNode* d = find_descendant(*c, name)) return d;
    }
    return nullptr;
}

std::string all_text(const XmlNode& node) {
    std::string t = node.text;
    for (const auto& c : node.children) t += all_text(*c);
    return t;
}

std::string trim(std::string s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return "";
    const auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

// ---- PCRE2 ------------------------------------------------------------------------------------

struct CodeDeleter {
    void operator()(pcre2_code* c) const { pcre2_code_free(c); }
};
struct MatchDeleter {
    void operator()(pcre2_match_data* m) const { pcre2_match_data_free(m); }
};

std::unique_ptr<pcre2_code, CodeDeleter> compile(const std::string& pattern) {
    int code = 0;
    PCRE2_SIZE offset = 0;
    pcre2_code* re = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                   PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_DUPNAMES, &code, &offset, nullptr);
    if (!re) {
        PCRE2_UCHAR text[256];
        pcre2_get_error_message(code, text, sizeof text);
        throw Error("regex \"" + pattern + "\" does not compile at offset " + std::to_string(offset) + ": " +
                    reinterpret_cast<const char*>(text));
    }
    return std::unique_ptr<pcre2_code, CodeDeleter>(re);
}

}  // namespace

std::string json_query(const std::string& json_text, const std::string& path) {
    const nlohmann::json doc = nlohmann::json::parse(json_text, nullptr, false);
    if (doc.is_discarded()) throw Error("the response is not JSON");
    const nlohmann::json* v = &doc;
    for (const PathStep& step : parse_json_path(path)) {
        if (step.index) {
            if (!v->is_array() || *step.index >= v->size()) throw Error("no value at " + path);
            v = &(*v)[*step.index];
        } else {
            if (!v->is_object() || !v->contains(step.key)) throw Error("no value at " + path);
            v = &(*v)[step.key];
        }
    }
    return json_text_of(*v);
}

std::string xml_query(const std::string& xml_text, const std::string& path) {
    const std::unique_ptr<XmlNode> doc = XmlParser(xml_text).parse();
    auto unsupported = [&] {
        throw Error("\"" + path +
                    "\" uses XPath beyond clipnote's subset (/a/b[1]/c, //name, a final @attr or text())");
    };
    if (path.empty() || path[0] != '/') unsupported();
    const XmlNode* node = doc.get();
    std::size_t i = 0;
    while (i < path.size()) {
        bool descendant = false;
        if (path.compare(i, 2, "//") == 0) {
            descendant = true;
            i += 2;
        } else if (path[i] == '/') {
            ++i;
        } else {
            unsupported();
        }
        std::size_t end = path.find('/', i);
        if (end == std::string::npos) end = path.size();
        std::string step = path.substr(i, end - i);
        i = end;
        if (step.empty()) unsupported();
        if (step[0] == '@') {
            if (i != path.size() || descendant) unsupported();
            for (const auto& [k, value] : node->attributes)
                if (name_matches(k, step.substr(1))) return value;
            throw Error("no value at " + path);
        }
        if (step == "text()") {
            if (i != path.size()) unsupported();
            return node->text;
        }
        std::size_t index = 1;
        if (const auto bracket = step.find('['); bracket != std::string::npos) {
            if (step.back() != ']') unsupported();
            const std::string n = step.substr(bracket + 1, step.size() - bracket - 2);
            if (n.empty() || n.find_first_not_of("0123456789") != std::string::npos) unsupported();
            index = std::stoul(n);
            step = step.substr(0, bracket);
        }
        if (step.find_first_of("()*=<>@") != std::string::npos) unsupported();
        const XmlNode* next = nullptr;
        if (descendant) {
            if (index != 1) unsupported();
            next = find_descendant(*node, step);
        } else {
            std::size_t seen = 0;
            for (const auto& c : node->children)
                if (name_matches(c->name, step) && ++seen == index) {
                    next = c.get();
                    break;
                }
        }
        if (!next) throw Error("no value at " + path);
        node = next;
    }
    return trim(all_text(*node));
}

void check_regex(const std::string& pattern) {
    compile(pattern);
}

std::string regex_query(const std::string& text, const std::string& pattern, const std::string& group) {
    auto re = compile(pattern);
    std::unique_ptr<pcre2_match_data, MatchDeleter> match(pcre2_match_data_create_from_pattern(re.get(), nullptr));
    const int rc =
        pcre2_match(re.get(), reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), 0, 0, match.get(), nullptr);
    if (rc < 0) throw Error("regex \"" + pattern + "\" does not match the response");
    PCRE2_UCHAR* value = nullptr;
    PCRE2_SIZE length = 0;
    int got = 0;
    if (group.empty() || group.find_first_not_of("0123456789") == std::string::npos) {
        const unsigned number = group.empty() ? 0 : static_cast<unsigned>(std::stoul(group));
        got = pcre2_substring_get_bynumber(match.get(), number, &value, &length);
    } else {
        got = pcre2_substring_get_byname(match.get(), reinterpret_cast<PCRE2_SPTR>(group.c_str()), &value, &length);
    }
    if (got == PCRE2_ERROR_UNSET) return "";
    if (got < 0) throw Error("regex \"" + pattern + "\" has no group \"" + group + "\"");
    std::string out(reinterpret_cast<const char*>(value), length);
    pcre2_substring_free(value);
    return out;
}

}  // namespace clipnote::upload
