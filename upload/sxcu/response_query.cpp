#define PCRE2_CODE_UNIT_WIDTH 8
#include "upload/sxcu/response_query.h"

#include <pcre2.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "upload/transport/xml_text.h"

namespace clipnote::upload {
namespace {

// ---- JSON -------------------------------------------------------------------------------------

// A run of digits as a number, capped at `cap`: a huge index or group number is simply not there
// (std::stoul throws std::out_of_range past 2^64, and a cast to unsigned made 4294967296 group 0).
std::size_t capped_number(const std::string& digits, std::size_t cap) {
    std::size_t n = 0;
    for (char c : digits) n = std::min(n * 10 + static_cast<std::size_t>(c - '0'), cap);
    return n;
}

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
                steps.push_back({"", capped_number(inside, std::numeric_limits<std::size_t>::max() / 16)});
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

constexpr std::size_t kMaxJsonDepth = 512;

// Walks with a stack of its own: the depth is checked before anything recurses.
bool nested_deeper_than(const nlohmann::json& root, std::size_t limit) {
    std::vector<std::pair<const nlohmann::json*, std::size_t>> stack{{&root, 0}};
    while (!stack.empty()) {
        const auto [v, depth] = stack.back();
        stack.pop_back();
        if (depth > limit) return true;
        if (v->is_structured())
            for (const auto& child : *v) stack.emplace_back(&child, depth + 1);
    }
    return false;
}

// ---- XML (parsed by pugixml: upload/transport/xml_text.h) --------------------------------------

bool local_name_is(std::string_view name, std::string_view step) {
    if (name == step) return true;
    const auto colon = name.find(':');
    return colon != std::string_view::npos && name.substr(colon + 1) == step;
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
    return json_value_text(*v);
}

std::string xml_query(const std::string& xml_text, const std::string& path) {
    const pugi::xml_document doc = parse_xml_reply(xml_text);
    auto unsupported = [&] {
        throw Error("\"" + path +
                    "\" uses XPath beyond clipnote's subset (/a/b[1]/c, //name, a final @attr or text())");
    };
    if (path.empty() || path[0] != '/') unsupported();
    pugi::xml_node node = doc;
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
            for (const pugi::xml_attribute& a : node.attributes())
                if (local_name_is(a.name(), step.substr(1))) return a.value();
            throw Error("no value at " + path);
        }
        if (step == "text()") {
            if (i != path.size()) unsupported();
            std::string text;
            for (const pugi::xml_node& c : node.children())
                if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) text += c.value();
            return text;
        }
        std::size_t index = 1;
        if (const auto bracket = step.find('['); bracket != std::string::npos) {
            if (step.back() != ']') unsupported();
            const std::string n = step.substr(bracket + 1, step.size() - bracket - 2);
            if (n.empty() || n.size() > 9 || n.find_first_not_of("0123456789") != std::string::npos) unsupported();
            index = std::stoul(n);
            step = step.substr(0, bracket);
        }
        if (step.find_first_of("()*=<>@") != std::string::npos) unsupported();
        pugi::xml_node next;
        if (descendant) {
            if (index != 1) unsupported();
            next = xml_first_descendant(node, step);
        } else {
            std::size_t seen = 0;
            for (const pugi::xml_node& c : node.children())
                if (c.type() == pugi::node_element && xml_name_is(c, step) && ++seen == index) {
                    next = c;
                    break;
                }
        }
        if (!next) throw Error("no value at " + path);
        node = next;
    }
    return trim(xml_all_text(node));
}

std::string json_value_text(const nlohmann::json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_null()) return "";
    if (nested_deeper_than(v, kMaxJsonDepth))
        throw Error("the value is nested more than " + std::to_string(kMaxJsonDepth) + " levels deep");
    return v.dump();
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
        const auto number = static_cast<std::uint32_t>(capped_number(group, 1u << 20));  // PCRE2: < 65536
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
