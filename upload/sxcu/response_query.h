#pragma once
// Pulling a value out of a server's answer, the three ways ShareX custom uploaders ask for:
//   JSON path   "files[0].url", "$.data.link", "a['odd key'][2]"
//   XML path    a subset of XPath: "/files/file[1]/url", "//url", ".../@href", ".../text()"
//               (child steps with an optional 1-based index, a leading "//" for the first
//               descendant of that name, an attribute or text() as the last step)
//   regex       PCRE2 (close to .NET's syntax: named groups, lookbehind), group by number or name
// Each throws Error with a short reason ("no value at files[0].url") when nothing matches.
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace clipnote::upload {

std::string json_query(const std::string& json_text, const std::string& path);
std::string xml_query(const std::string& xml_text, const std::string& path);
// group: "" or "0" for the whole match, a number, or a group name.
std::string regex_query(const std::string& text, const std::string& pattern, const std::string& group);
// Throws Error when the pattern does not compile (to report a bad file before any upload).
void check_regex(const std::string& pattern);

// A value of a parsed JSON document as text: a string as it is, null as "", anything else as
// JSON. Throws Error for a value nested more than 512 deep (JSON's writer recurses per level, so
// a hostile answer of nested arrays would overflow the stack).
std::string json_value_text(const nlohmann::json& v);

}  // namespace clipnote::upload
