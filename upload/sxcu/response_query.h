#pragma once
// Pulling a value out of a server's answer, the three ways ShareX custom uploaders ask for:
//   JSON path   "files[0].url", "$.data.link", "a['odd key'][2]"
//   XML path    a subset of XPath: "/files/file[1]/url", "//url", ".../@href", ".../text()"
//               (child steps with an optional 1-based index, a leading "//" for the first
//               descendant of that name, an attribute or text() as the last step)
//   regex       PCRE2 (close to .NET's syntax: named groups, lookbehind), group by number or name
// Each throws Error with a short reason ("no value at files[0].url") when nothing matches.
#include <string>

namespace clipnote::upload {

std::string json_query(const std::string& json_text, const std::string& path);
std::string xml_query(const std::string& xml_text, const std::string& path);
// group: "" or "0" for the whole match, a number, or a group name.
std::string regex_query(const std::string& text, const std::string& pattern, const std::string& group);
// Throws Error when the pattern does not compile (to report a bad file before any upload).
void check_regex(const std::string& pattern);

}  // namespace clipnote::upload
