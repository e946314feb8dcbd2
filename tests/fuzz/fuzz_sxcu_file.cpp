// A ShareX custom uploader file as `destinations import` and the sxcu destination read it
// (upload/sxcu/sxcu_file.h: parse_sxcu), and the request built from an accepted one
// (build_sxcu_request). Malformed or unsupported files must be one clipnote::Error; an accepted
// file must be fully supported and give a request that holds together.
#include <strings.h>

#include <cstdint>
#include <string>

#include "common/error.h"
#include "fuzz_common.h"
#include "upload/sxcu/sxcu_file.h"
#include "upload/sxcu/sxcu_template.h"

using namespace clipnote;
using namespace clipnote::upload;

namespace {

bool starts_with_nocase(const std::string& s, const char* prefix) {
    return strncasecmp(s.c_str(), prefix, std::char_traits<char>::length(prefix)) == 0;
}

void check_spec(const SxcuSpec& spec) {
    FUZZ_CHECK(spec.method == "GET" || spec.method == "POST" || spec.method == "PUT" || spec.method == "PATCH" ||
                   spec.method == "DELETE",
               "method \"%s\"", fuzz::printable(spec.method).c_str());
    FUZZ_CHECK(!spec.request_url.empty(), "accepted without a RequestURL");
    FUZZ_CHECK(!spec.name.empty(), "no name");
    FUZZ_CHECK(spec.body != SxcuBody::multipart || !spec.file_form_name.empty(), "multipart without FileFormName");
    // Everything accepted is supported: nothing asks the user, nothing unknown, and the request
    // does not read a response that does not exist yet.
    for (const Template* t :
         {&spec.request_url, &spec.data, &spec.url, &spec.thumbnail_url, &spec.deletion_url, &spec.error_message})
        FUZZ_CHECK(unsupported_functions(*t).empty(), "an accepted template uses an unsupported function");
    for (const auto* dict : {&spec.parameters, &spec.headers, &spec.arguments})
        for (const auto& [k, t] : *dict) FUZZ_CHECK(unsupported_functions(t).empty(), "unsupported in %s", k.c_str());
    FUZZ_CHECK(!reads_response(spec.request_url) && !reads_response(spec.data), "the request reads the response");
}

void check_request(const SxcuSpec& spec, const TemplateContext& context) {
    HttpRequest r;
    try {
        r = build_sxcu_request(spec, context, nullptr);
    } catch (const Error&) {
        return;  // e.g. {random} in a header naming a function that fails: reported to the user
    }
    FUZZ_CHECK(r.method == spec.method, "request method \"%s\"", r.method.c_str());
    int content_types = 0;
    for (const std::string& h : r.headers) {
        FUZZ_CHECK(!starts_with_nocase(h, "content-length:"), "a Content-Length header is sent");
        FUZZ_CHECK(h.find_first_of("\r\n") == std::string::npos, "a header with a line break: \"%s\"",
                   fuzz::printable(h).c_str());
        if (starts_with_nocase(h, "content-type:")) ++content_types;
    }
    if (spec.body == SxcuBody::multipart) {
        FUZZ_CHECK(content_types == 1 && r.headers.back().starts_with("Content-Type: multipart/form-data; boundary="),
                   "multipart with %d Content-Type headers", content_types);
        const std::string boundary = r.headers.back().substr(r.headers.back().find("boundary=") + 9);
        FUZZ_CHECK(r.body.data.find("--" + boundary + "--") != std::string::npos, "the body does not close");
    }
    if (spec.body == SxcuBody::none) FUZZ_CHECK(r.body.size() == 0, "a body for Body None");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    SxcuSpec spec;
    try {
        spec = parse_sxcu(text, "fuzz.sxcu");
    } catch (const Error&) {
        return 0;  // malformed or unsupported: one line for the user
    }
    check_spec(spec);
    std::mt19937_64 rng(1);
    TemplateContext plain;
    plain.filename = "clip 2024?#&=+%.mp4";
    plain.input = "Title: \"quoted\" & more";
    plain.regex_list = spec.regex_list;
    plain.rng = &rng;
    check_request(spec, plain);
    // A Linux file name need not be UTF-8 (here Latin-1), and the title is the user's.
    TemplateContext latin1 = plain;
    latin1.filename = "caf\xe9.mp4";
    latin1.input = "\xff\xfe";
    check_request(spec, latin1);
    // A title with a line break must not start a header of its own.
    TemplateContext broken = plain;
    broken.input = "line one\r\nX-Injected: 1";
    check_request(spec, broken);
    return 0;
}
