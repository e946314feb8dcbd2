#pragma once
// The little XML S3 answers with (<UploadId>, <ETag>, <Error><Code>…): element text by tag name.
// Not a general parser; S3 responses have no attributes or CDATA where we look.
#include <optional>
#include <string>
#include <vector>

namespace clipnote::upload {

// Text of the first <tag>…</tag> in `xml`, entities decoded; nullopt if absent.
std::optional<std::string> xml_element(const std::string& xml, const std::string& tag);
// Raw inner XML of every <tag>…</tag>, in order.
std::vector<std::string> xml_elements(const std::string& xml, const std::string& tag);
// &amp; &lt; &gt; &quot; &apos;
std::string xml_escape(const std::string& text);

}  // namespace clipnote::upload
