// S3's XML answers as the S3 client reads them (upload/s3/s3_client.h: read_s3_error,
// read_upload_id, read_list_parts over upload/transport/xml_text.h), and the body it writes
// (complete_multipart_xml). The first byte picks:
//   even: the rest is a server's answer, read every way the client reads one; only
//         clipnote::Error may come out, and read_s3_error never throws;
//   odd:  a round trip: parts, an upload id and an error built from the input are written as S3
//         writes them (and as clipnote writes CompleteMultipartUpload), then read back equal.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <string>
#include <vector>

#include "common/error.h"
#include "fuzz_common.h"
#include "upload/s3/s3_client.h"
#include "upload/transport/xml_text.h"

using namespace clipnote;
using namespace clipnote::upload;

namespace {

void read_answer(const std::string& body) {
    read_s3_error(body);  // never throws: a proxy's page is no S3 error
    pugi::xml_document doc;
    try {
        doc = parse_xml_reply(body);
    } catch (const Error&) {
        return;
    }
    read_upload_id(doc);
    try {
        const S3PartsPage page = read_list_parts(doc);
        FUZZ_CHECK(page.truncated || page.next_marker.empty(), "a marker on the last page");
    } catch (const Error&) {
    }
    // CompleteMultipartUpload: 200 with an <Error> inside, or the ETag.
    (void)xml_first_descendant(doc, "Error");
    (void)xml_element(doc, "ETag");
}

// Text XML can carry as it is: printable ASCII and UTF-8 above it (no control characters, whose
// line ends XML normalises), not only blanks (whitespace-only text is dropped by the reader).
std::string xml_text(FuzzedDataProvider& in, std::size_t max) {
    std::string s = in.ConsumeRandomLengthString(max);
    std::string out;
    for (char c : s)
        if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) out += c;
    if (!fuzz::valid_utf8(out) || out.find_first_not_of(' ') == std::string::npos) return "x";
    return out;
}

void round_trip(FuzzedDataProvider& in) {
    const std::string prefix = in.ConsumeBool() ? "s3:" : "";
    const std::string ns = prefix.empty() ? " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\""
                                          : " xmlns:s3=\"http://s3.amazonaws.com/doc/2006-03-01/\"";
    auto element = [&](const std::string& name, const std::string& text) {
        return "<" + prefix + name + ">" + xml_escape(text) + "</" + prefix + name + ">";
    };
    std::vector<S3Part> parts(in.ConsumeIntegralInRange(0, 12));
    for (S3Part& p : parts) {
        p.number = in.ConsumeIntegralInRange(1, 10000);
        p.size = in.ConsumeIntegral<std::uint64_t>();
        p.etag = xml_text(in, 48);
    }
    const bool truncated = in.ConsumeBool();
    const std::string marker = std::to_string(in.ConsumeIntegralInRange(1, 10000));
    const std::string upload_id = xml_text(in, 128);
    const std::string code = xml_text(in, 32), message = xml_text(in, 200);

    // ListParts, as S3 answers it.
    std::string list = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + prefix + "ListPartsResult" + ns + ">" +
                       element("Bucket", "b") + element("Key", "clips/a b&c.mp4") + element("UploadId", upload_id) +
                       element("PartNumberMarker", "0") + element("NextPartNumberMarker", marker) +
                       element("MaxParts", "1000") + element("IsTruncated", truncated ? "true" : "false");
    for (const S3Part& p : parts)
        list += "<" + prefix + "Part>" + element("PartNumber", std::to_string(p.number)) +
                element("LastModified", "2024-01-01T00:00:00.000Z") + element("ETag", p.etag) +
                element("Size", std::to_string(p.size)) + "</" + prefix + "Part>";
    list += "</" + prefix + "ListPartsResult>";
    S3PartsPage page;
    try {
        page = read_list_parts(parse_xml_reply(list));
    } catch (const Error& e) {
        FUZZ_CHECK(false, "ListParts written from the input does not read: %s\n%s", e.what(),
                   fuzz::printable(list).c_str());
    }
    FUZZ_CHECK(page.parts.size() == parts.size(), "%zu parts read, %zu written", page.parts.size(), parts.size());
    for (std::size_t i = 0; i < parts.size(); ++i)
        FUZZ_CHECK(page.parts[i].number == parts[i].number && page.parts[i].size == parts[i].size &&
                       page.parts[i].etag == parts[i].etag,
                   "part %zu read back as %d/%llu/\"%s\"", i, page.parts[i].number,
                   static_cast<unsigned long long>(page.parts[i].size), fuzz::printable(page.parts[i].etag).c_str());
    FUZZ_CHECK(page.truncated == truncated && page.next_marker == (truncated ? marker : ""), "the page's marker");
    FUZZ_CHECK(read_upload_id(parse_xml_reply(list)) == upload_id, "the upload id");

    // CompleteMultipartUpload, as clipnote writes it: the server reads the same parts.
    const std::string complete = complete_multipart_xml(parts);
    pugi::xml_document sent;
    try {
        sent = parse_xml_reply(complete);
    } catch (const Error& e) {
        FUZZ_CHECK(false, "clipnote's CompleteMultipartUpload is not XML: %s\n%s", e.what(),
                   fuzz::printable(complete).c_str());
    }
    std::size_t i = 0;
    for (const pugi::xml_node& p : xml_first_descendant(sent, "CompleteMultipartUpload").children()) {
        FUZZ_CHECK(i < parts.size() && xml_element(p, "PartNumber") == std::to_string(parts[i].number) &&
                       xml_element(p, "ETag") == parts[i].etag,
                   "CompleteMultipartUpload part %zu", i);
        ++i;
    }
    FUZZ_CHECK(i == parts.size(), "CompleteMultipartUpload lists %zu of %zu parts", i, parts.size());

    // An error, as S3 answers one.
    const std::string error = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>" + element("Code", code) +
                              element("Message", message) + element("RequestId", "4442587FB7D0A2F9") + "</Error>";
    const S3ErrorReply e = read_s3_error(error);
    FUZZ_CHECK(e.code == code && e.message == message, "error read back as \"%s\": \"%s\"",
               fuzz::printable(e.code).c_str(), fuzz::printable(e.message).c_str());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    if (data[0] % 2 == 0) {
        read_answer(std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
    } else {
        FuzzedDataProvider in(data + 1, size - 1);
        round_trip(in);
    }
    return 0;
}
