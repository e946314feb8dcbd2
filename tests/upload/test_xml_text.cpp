// The XML reader behind S3's answers (and the sxcu {xml:…} queries): pugixml with a size cap,
// iterative walks, and malformed character references refused.
#include <doctest/doctest.h>

#include "common/error.h"
#include "upload/transport/xml_text.h"

using namespace clipnote;
using namespace clipnote::upload;

namespace {

std::string error_of(const std::string& body) {
    try {
        parse_xml_reply(body);
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("xml reply: S3's answers read by element name, namespace prefixes ignored") {
    const pugi::xml_document doc = parse_xml_reply(
        R"(<?xml version="1.0" encoding="UTF-8"?><ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">)"
        R"(<IsTruncated>false</IsTruncated><Part><PartNumber>1</PartNumber><ETag>&quot;a&amp;b&quot;</ETag>)"
        R"(<Size>5242880</Size></Part><s3:Part xmlns:s3="x"><PartNumber>2</PartNumber></s3:Part></ListPartsResult>)");
    CHECK(xml_element(doc, "ETag") == std::optional<std::string>("\"a&b\""));
    CHECK(xml_element(doc, "IsTruncated") == std::optional<std::string>("false"));
    CHECK_FALSE(xml_element(doc, "UploadId"));
    int parts = 0;
    for (const pugi::xml_node& p : xml_first_descendant(doc, "ListPartsResult").children())
        parts += xml_name_is(p, "Part") ? 1 : 0;
    CHECK(parts == 2);
}

TEST_CASE("xml reply: 16 MiB of nesting, deep nesting below the cap and &#x; are clear Errors or read, never a crash") {
    std::string huge;
    while (huge.size() < (16u << 20)) huge += "<Error>";
    CHECK(error_of(huge) == "the response is too large to read as XML (16.0 MiB; clipnote reads up to 4 MiB)");

    std::string deep;
    for (int i = 0; i < 400000; ++i) deep += "<a>";
    deep += "<Code>SlowDown</Code>";
    for (int i = 0; i < 400000; ++i) deep += "</a>";
    CHECK(xml_element(parse_xml_reply(deep), "Code") == std::optional<std::string>("SlowDown"));

    CHECK(error_of("<Error><Code>&#x;</Code></Error>") ==
          "the response is not well-formed XML: bad character reference \"&#x;\" at offset 13");
    CHECK(error_of("<Error><Code>&#xD800;</Code></Error>").find("bad character reference") != std::string::npos);
    CHECK(error_of("<Error><Code>x</Error>").starts_with("the response is not well-formed XML: "));
    CHECK(error_of("<html><body>502 Bad Gateway").starts_with("the response is not well-formed XML: "));
}
