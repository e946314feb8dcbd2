#pragma once
// Reading the XML servers answer with (S3's <UploadId>, <Error><Code>…, ListParts; XML answers of
// ShareX custom uploaders) through pugixml, whose parser does not recurse, and writing XML text.
// The walks here are iterative too, so a hostile, deeply nested answer cannot overflow the stack.
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>

namespace clipnote::upload {

// Parses a server's answer. Throws Error with one line: "the response is too large to read as XML
// (…)" above 4 MiB, "the response is not well-formed XML: …" otherwise (a bad character
// reference such as "&#x;" included, which pugixml alone would keep as text).
pugi::xml_document parse_xml_reply(std::string_view text);

// The element's name without a namespace prefix ("d:href" is "href") equals `name`.
bool xml_name_is(const pugi::xml_node& node, std::string_view name);
// The first element called `name` below `node`, in document order; an empty handle if none.
pugi::xml_node xml_first_descendant(const pugi::xml_node& node, std::string_view name);
// The text of every text and CDATA node below `node`, in document order.
std::string xml_all_text(const pugi::xml_node& node);
// The text of the first <tag>…</tag> below `node`; nullopt if there is none.
std::optional<std::string> xml_element(const pugi::xml_node& node, std::string_view tag);

// &amp; &lt; &gt; &quot; &apos;
std::string xml_escape(const std::string& text);

}  // namespace clipnote::upload
