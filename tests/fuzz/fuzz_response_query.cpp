// The three ways a ShareX custom uploader reads a server's answer (upload/sxcu/response_query.h):
// JSON paths, the XPath subset over XML, and PCRE2 regexes. The answer is the server's (hostile),
// the path/pattern the file's. Anything wrong must be one clipnote::Error. Invariants:
//   - JSON: a path built from a walk through the parsed answer finds the value walked to;
//   - XML: a /name[i]/…, //name, @attr or text() path built from the parsed answer finds that node;
//   - regex: a whole match is part of the answer; \Q<text>\E finds any UTF-8 text of the answer.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/error.h"
#include "fuzz_common.h"
#include "upload/sxcu/response_query.h"
#include "upload/transport/xml_text.h"

using namespace clipnote;
using namespace clipnote::upload;

namespace {

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

// ---- JSON --------------------------------------------------------------------------------------

std::string json_text(const nlohmann::json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_null()) return "";
    return v.dump();
}

void check_json(const std::string& body, const std::string& path, fuzz::Choices& choose) {
    try {
        json_query(body, path);
    } catch (const Error&) {
    }
    const nlohmann::json doc = nlohmann::json::parse(body, nullptr, false);
    if (doc.is_discarded()) return;
    const nlohmann::json* v = &doc;
    std::string walked;
    for (int step = 0; step < 8; ++step) {
        if (v->is_array() && !v->empty()) {
            const std::size_t i = choose.below(v->size());
            walked += "[" + std::to_string(i) + "]";
            v = &(*v)[i];
        } else if (v->is_object() && !v->empty()) {
            auto it = v->begin();
            std::advance(it, static_cast<long>(choose.below(v->size())));
            const std::string& key = it.key();
            const bool dotted = !key.empty() && key.find_first_of(".[") == std::string::npos &&
                                !(walked.empty() && key.front() == '$') && choose.below(2) == 0;
            if (dotted) {
                walked += (walked.empty() ? "" : ".") + key;
            } else if (key.find(']') == std::string::npos) {
                const char quote = choose.below(2) ? '\'' : '"';
                walked += "[" + std::string(1, quote) + key + quote + "]";
            } else {
                break;
            }
            v = &it.value();
        } else {
            break;
        }
    }
    std::string got;
    try {
        got = json_query(body, walked);
    } catch (const Error& e) {
        FUZZ_CHECK(false, "json path \"%s\" walked in the answer fails: %s", fuzz::printable(walked).c_str(), e.what());
    }
    FUZZ_CHECK(got == json_text(*v), "json path \"%s\" gives \"%s\"", fuzz::printable(walked).c_str(),
               fuzz::printable(got).c_str());
}

// ---- XML ---------------------------------------------------------------------------------------

bool plain_name(const std::string& n) {
    return !n.empty() && n.find_first_of("/[]()*=<>@") == std::string::npos;
}

// The first element called `name` below `root`, in document order, by an explicit stack.
pugi::xml_node first_descendant(const pugi::xml_node& root, const std::string& name) {
    std::vector<pugi::xml_node> stack;
    for (pugi::xml_node c = root.last_child(); c; c = c.previous_sibling()) stack.push_back(c);
    while (!stack.empty()) {
        const pugi::xml_node n = stack.back();
        stack.pop_back();
        if (n.type() == pugi::node_element && xml_name_is(n, name)) return n;
        for (pugi::xml_node c = n.last_child(); c; c = c.previous_sibling()) stack.push_back(c);
    }
    return {};
}

std::string query_or_fail(const std::string& body, const std::string& path) {
    try {
        return xml_query(body, path);
    } catch (const Error& e) {
        FUZZ_CHECK(false, "xml path \"%s\" built from the answer fails: %s", fuzz::printable(path).c_str(), e.what());
    }
    return {};
}

void check_xml(const std::string& body, const std::string& path, fuzz::Choices& choose) {
    try {
        xml_query(body, path);
    } catch (const Error&) {
    }
    pugi::xml_document doc;
    try {
        doc = parse_xml_reply(body);
    } catch (const Error&) {
        return;
    }
    pugi::xml_node node = doc;
    std::string walked;
    for (int step = 0; step < 8; ++step) {
        std::vector<pugi::xml_node> elements;
        for (pugi::xml_node c : node.children())
            if (c.type() == pugi::node_element) elements.push_back(c);
        if (elements.empty()) break;
        const pugi::xml_node c = elements[choose.below(elements.size())];
        const std::string name = c.name();
        if (!plain_name(name) || name == "text()") break;
        std::size_t index = 0;
        for (const pugi::xml_node& e : elements) {
            if (xml_name_is(e, name)) ++index;
            if (e == c) break;
        }
        walked += "/" + name + (index == 1 && choose.below(2) ? "" : "[" + std::to_string(index) + "]");
        node = c;
    }
    if (walked.empty()) return;
    const std::string got = query_or_fail(body, walked);
    FUZZ_CHECK(got == trim(xml_all_text(node)), "xml path \"%s\" gives \"%s\"", fuzz::printable(walked).c_str(),
               fuzz::printable(got).c_str());

    std::string text;
    for (pugi::xml_node c : node.children())
        if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) text += c.value();
    FUZZ_CHECK(query_or_fail(body, walked + "/text()") == text, "text() of \"%s\"", fuzz::printable(walked).c_str());

    if (pugi::xml_attribute a = node.first_attribute()) {
        for (std::size_t skip = choose.below(4); skip > 0 && a.next_attribute(); --skip) a = a.next_attribute();
        const std::string attr = a.name();
        if (plain_name(attr)) {
            std::string expect;  // the first attribute with that (local) name
            for (pugi::xml_attribute b : node.attributes()) {
                const std::string n = b.name();
                const auto colon = n.find(':');
                if (n == attr || (colon != std::string::npos && n.substr(colon + 1) == attr)) {
                    expect = b.value();
                    break;
                }
            }
            FUZZ_CHECK(query_or_fail(body, walked + "/@" + attr) == expect, "@%s of \"%s\"", attr.c_str(),
                       fuzz::printable(walked).c_str());
        }
    }

    const std::string leaf = node.name();
    if (pugi::xml_node first = first_descendant(doc, leaf)) {
        FUZZ_CHECK(query_or_fail(body, "//" + leaf) == trim(xml_all_text(first)), "//%s",
                   fuzz::printable(leaf).c_str());
    }
}

// ---- regex -------------------------------------------------------------------------------------

void check_regex_query(const std::string& body, const std::string& pattern, const std::string& group,
                       fuzz::Choices& choose) {
    try {
        check_regex(pattern);
        const std::string got = regex_query(body, pattern, group);
        if (group.empty() || group == "0")
            FUZZ_CHECK(body.find(got) != std::string::npos, "/%s/ matched \"%s\", not in the answer",
                       fuzz::printable(pattern).c_str(), fuzz::printable(got).c_str());
    } catch (const Error&) {
    }
    if (body.empty()) return;
    const std::size_t from = choose.below(body.size());
    const std::string needle = body.substr(from, 1 + choose.below(16));
    if (!fuzz::valid_utf8(needle) || needle.find("\\E") != std::string::npos) return;
    std::string got;
    try {
        got = regex_query(body, "\\Q" + needle + "\\E", "");
    } catch (const Error& e) {
        FUZZ_CHECK(false, "\\Q%s\\E does not find itself: %s", fuzz::printable(needle).c_str(), e.what());
    }
    FUZZ_CHECK(got == needle, "\\Q%s\\E found \"%s\"", fuzz::printable(needle).c_str(), fuzz::printable(got).c_str());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    const int mode = in.ConsumeIntegralInRange(0, 2);
    fuzz::Choices choose(in.ConsumeIntegral<std::uint64_t>());
    const std::string query = in.ConsumeRandomLengthString(256);
    const std::string group = mode == 2 ? in.ConsumeRandomLengthString(32) : "";
    const std::string body = in.ConsumeRemainingBytesAsString();
    if (mode == 0) check_json(body, query, choose);
    if (mode == 1) check_xml(body, query, choose);
    if (mode == 2) check_regex_query(body, query, group, choose);
    return 0;
}
