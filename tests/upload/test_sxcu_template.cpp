// The ShareX template language and response queries, without a server.
#include <doctest/doctest.h>

#include <set>

#include "common/error.h"
#include "upload/sxcu/response_query.h"
#include "upload/sxcu/sxcu_file.h"
#include "upload/sxcu/sxcu_template.h"

using namespace clipnote;
using namespace clipnote::upload;

namespace {

TemplateContext answered(const std::string& body, std::vector<std::pair<std::string, std::string>> headers = {}) {
    TemplateContext c;
    c.filename = "clip.mp4";
    c.has_response = true;
    c.response = body;
    c.response_url = "https://up.example/api";
    c.headers = std::move(headers);
    return c;
}

std::string render(const std::string& text, const TemplateContext& c, TemplateSyntax s = TemplateSyntax::braces) {
    return render_template(parse_template(text, s), c);
}

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("JSON paths: dots, indexes, quoted keys, a leading $, non-strings as JSON") {
    const std::string doc = R"({"files":[{"url":"https://x/a.mp4"}],"data":{"link":"L","n":3,"odd key":["p","q"]}})";
    CHECK(json_query(doc, "files[0].url") == "https://x/a.mp4");
    CHECK(json_query(doc, "$.data.link") == "L");
    CHECK(json_query(doc, "data['odd key'][1]") == "q");
    CHECK(json_query(doc, "data.n") == "3");
    CHECK(error_of([&] { json_query(doc, "files[1].url"); }) == "no value at files[1].url");
    CHECK(error_of([&] { json_query("<html>", "a"); }) == "the response is not JSON");
}

TEST_CASE("XML paths: child steps with 1-based indexes, //name, @attr and text()") {
    const std::string doc = R"(<?xml version="1.0"?><!-- c --><files><file><url>https://x/1</url></file>)"
                            R"(<file id="two"><url>https://x/2?a=1&amp;b=2</url></file></files>)";
    CHECK(xml_query(doc, "/files/file[2]/url") == "https://x/2?a=1&b=2");
    CHECK(xml_query(doc, "/files/file/url") == "https://x/1");
    CHECK(xml_query(doc, "//url") == "https://x/1");
    CHECK(xml_query(doc, "/files/file[2]/@id") == "two");
    CHECK(xml_query(doc, "/files/file[1]/url/text()") == "https://x/1");
    CHECK(error_of([&] { xml_query(doc, "/files/file[3]/url"); }) == "no value at /files/file[3]/url");
    CHECK(error_of([&] { xml_query(doc, "/files/file[last()]"); }).find("beyond clipnote's subset") !=
          std::string::npos);
}

TEST_CASE("regex queries: whole match, numbered and named groups, lookbehind") {
    const std::string text = "0,https://puu.sh/abc.mp4,123,0";
    CHECK(regex_query(text, "(?<=,)(.*?)(?=,)", "") == "https://puu.sh/abc.mp4");
    CHECK(regex_query(text, "https://([^/]+)/(\\w+)", "2") == "abc");
    CHECK(regex_query(text, "https://(?<host>[^/]+)/", "host") == "puu.sh");
    CHECK(error_of([&] { regex_query(text, "nope", ""); }) == "regex \"nope\" does not match the response");
}

TEST_CASE("current syntax: functions, nesting, escapes") {
    const auto c = answered(R"({"id":"abc","files":["https://x/abc.mp4"]})", {{"Location", "https://x/loc"}});
    CHECK(render("https://x/{json:id}.mp4", c) == "https://x/abc.mp4");
    CHECK(render("{json:files[0]}", c) == "https://x/abc.mp4");
    CHECK(render("{header:location}", c) == "https://x/loc");  // header names are case-insensitive
    CHECK(render("{responseurl}|{filename}", c) == "https://up.example/api|clip.mp4");
    CHECK(render("Basic {base64:me:{filename}}", c) == "Basic bWU6Y2xpcC5tcDQ=");
    CHECK(render("\\{json:id\\} costs \\\\ 5", c) == "{json:id} costs \\ 5");
    CHECK(render("{json:{response}|id}", c) == "abc");  // {json:input|path}
    CHECK(render("{regex:x/(\\\\w+)\\\\.mp4|1}", c) == "abc");
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) seen.insert(render("{random:a|b|c}", c));
    CHECK(seen == std::set<std::string>{"a", "b", "c"});
    CHECK(error_of([&] {
              parse_template("https://x/{json:id", TemplateSyntax::braces);
          }).starts_with("unterminated \"{json:id\": a '}' is missing"));
    CHECK(error_of([&] { render("{json:nope}", c); }) == "{json:nope}: no value at nope");
    CHECK(error_of([&] { render("{json:id}", TemplateContext{}); }).find("needs the response") != std::string::npos);
}

TEST_CASE("older syntax: $json:…$, RegexList by index and group, $N,G$, escapes") {
    auto c = answered(R"({"data":{"link":"https://i.x/a.png"}})");
    CHECK(render("$json:data.link$", c, TemplateSyntax::dollars) == "https://i.x/a.png");
    CHECK(render("name=$filename$ costs \\$5", c, TemplateSyntax::dollars) == "name=clip.mp4 costs $5");
    c.response = "server: 41\nfilename: \"image.png\"\n";
    c.regex_list = {"server: (?<serverid>\\d+)", "filename: \"(.+)\""};
    CHECK(render("https://x/server/$regex:1|serverid$/image/$regex:2|1$", c, TemplateSyntax::dollars) ==
          "https://x/server/41/image/image.png");
    CHECK(render("$2,1$", c, TemplateSyntax::dollars) == "image.png");
    CHECK(render("$regex:2,1$", c, TemplateSyntax::dollars) == "image.png");
    CHECK(error_of([&] { render("$regex:3$", c, TemplateSyntax::dollars); }) ==
          "$regex:3$: RegexList has no entry 3 (it has 2)");
    CHECK(error_of([&] {
              parse_template("https://x/$json:a", TemplateSyntax::dollars);
          }).starts_with("unterminated \"$json:a\""));
}

TEST_CASE("unsupported functions are listed with the reason") {
    const auto list =
        unsupported_functions(parse_template("{select:a|b}/{prompt}/{outputurl}/{regex:(}", TemplateSyntax::braces));
    REQUIRE(list.size() == 4);
    CHECK(list[0] == "{select} (asks the user at upload time; put a fixed value in the file instead)");
    CHECK(list[1] == "{prompt} (asks the user at upload time; put a fixed value in the file instead)");
    CHECK(list[2] == "{outputurl} (unknown function)");
    CHECK(list[3].starts_with("{regex} (regex \"(\" does not compile"));
}

TEST_CASE("a .sxcu file: BOM, syntax by Version, unsupported bits in one line") {
    const std::string current =
        "\xEF\xBB\xBF{\"Version\":\"14.0.0\",\"RequestURL\":\"https://u.example/up\",\"URL\":\"{json:url}\"}";
    SxcuSpec s = parse_sxcu(current, "a.sxcu");
    CHECK(s.syntax == TemplateSyntax::braces);
    CHECK(s.name == "u.example");
    CHECK(s.method == "POST");
    CHECK(s.file_form_name == "file");
    CHECK(parse_sxcu(R"({"Version":"13.7.0","RequestURL":"https://u/","URL":"$json:url$"})", "b.sxcu").syntax ==
          TemplateSyntax::dollars);
    CHECK(parse_sxcu(R"({"RequestURL":"https://u/","URL":"$json:url$"})", "c.sxcu").syntax == TemplateSyntax::dollars);
    CHECK(error_of([] {
              parse_sxcu(R"({"Version":"14.0.0","RequestURL":"https://u/","Headers":{"K":"{prompt:Key}"},)"
                         R"("URL":"{select:a|b}","ResponseType":"Headers"})",
                         "d.sxcu");
          }) ==
          "d.sxcu: not supported: field \"Headers.K\": {prompt} (asks the user at upload time; put a fixed value "
          "in the file instead); field \"URL\": {select} (asks the user at upload time; put a fixed value in the "
          "file instead); field \"ResponseType\": \"Headers\" (Text, RedirectionURL and LocationHeader are)");
    CHECK(error_of([] { parse_sxcu(R"({"RequestURL":"https://u/","Body":"Mime"})", "e.sxcu"); }) ==
          "e.sxcu: field \"Body\" \"Mime\" is not one of None, MultipartFormData, FormURLEncoded, JSON, XML, Binary");
    CHECK(error_of([] { parse_sxcu("[1]", "f.sxcu"); }) ==
          "f.sxcu: not a ShareX custom uploader (expected a JSON object)");
}

TEST_CASE("requests for the bodies without a file: JSON, FormURLEncoded, None") {
    TemplateContext c;
    c.filename = "clip.mp4";
    SxcuSpec json_spec = parse_sxcu(R"({"Version":"14.0.0","RequestURL":"https://u/api","Parameters":{"a b":"c&d"},)"
                                    R"("Body":"JSON","Data":"\\{\"name\":\"\\{filename\\}\",\"f\":\"{filename}\"\\}"})",
                                    "j.sxcu");
    HttpRequest r = build_sxcu_request(json_spec, c, nullptr);
    CHECK(r.url == "https://u/api?a%20b=c%26d");
    CHECK(r.body.data == R"({"name":"{filename}","f":"clip.mp4"})");
    CHECK(r.headers == std::vector<std::string>{"Content-Type: application/json"});

    SxcuSpec form = parse_sxcu(R"({"Version":"14.0.0","RequestMethod":"put","RequestURL":"https://u/api?x=1",)"
                               R"("Body":"FormURLEncoded","Arguments":{"title":"{filename}","n":"1 2"}})",
                               "f.sxcu");
    r = build_sxcu_request(form, c, nullptr);
    CHECK(r.method == "PUT");
    CHECK(r.url == "https://u/api?x=1");
    CHECK(r.body.data == "n=1%202&title=clip.mp4");  // nlohmann keeps object keys sorted
    CHECK(r.headers == std::vector<std::string>{"Content-Type: application/x-www-form-urlencoded"});

    SxcuSpec none = parse_sxcu(R"({"Version":"14.0.0","RequestMethod":"GET","RequestURL":"https://u/s","Body":"None",)"
                               R"("Parameters":{"url":"{input}"}})",
                               "n.sxcu");
    c.input = "https://long.example/x";
    r = build_sxcu_request(none, c, nullptr);
    CHECK(r.url == "https://u/s?url=https%3A%2F%2Flong.example%2Fx");
    CHECK(r.body.kind == Body::Kind::none);
}

TEST_CASE("xml_query: a hostile answer is a clear Error, not a crash: deep nesting, a huge body") {
    // 250,000 levels (1.75 MB): a reader that recurses per element overflows the stack.
    std::string deep;
    for (int i = 0; i < 250000; ++i) deep += "<a>";
    deep += "<url>https://x/deep</url>";
    for (int i = 0; i < 250000; ++i) deep += "</a>";
    CHECK(xml_query(deep, "//url") == "https://x/deep");
    CHECK(error_of([&] { xml_query(deep, "/a/b"); }) == "no value at /a/b");
    CHECK(xml_query(deep, "/a").starts_with("https://x/deep"));

    // 16 MiB of nesting (what HttpClient keeps of a response at most), never closed.
    std::string huge;
    while (huge.size() < (16u << 20)) huge += "<a><b>";
    CHECK(error_of([&] { xml_query(huge, "//url"); }).starts_with("the response is too large to read as XML (16.0 MiB"));
}

TEST_CASE("xml_query: a bad character reference such as &#x; is a clear Error") {
    CHECK(error_of([&] { xml_query("<r><url>&#x;</url></r>", "/r/url"); }) ==
          "the response is not well-formed XML: bad character reference \"&#x;\" at offset 8");
    CHECK(error_of([&] { xml_query("<r><url>&#99999999999999999999;</url></r>", "/r/url"); })
              .starts_with("the response is not well-formed XML: bad character reference"));
    CHECK(error_of([&] { xml_query("<r><url>x</r>", "/r/url"); }).starts_with("the response is not well-formed XML"));
    // Character references inside CDATA are text, and valid ones are decoded.
    CHECK(xml_query("<r><url><![CDATA[&#x;]]></url><v>&#x41;&#66;</v></r>", "/r/url") == "&#x;");
    CHECK(xml_query("<r><url><![CDATA[&#x;]]></url><v>&#x41;&#66;</v></r>", "/r/v") == "AB");
}

TEST_CASE("huge numbers in a JSON path, a regex group or a RegexList index are no value, not std::out_of_range") {
    // Found by fuzz_response_query: std::stoul threw std::out_of_range past 2^64, which no caller catches.
    CHECK(error_of([] { json_query(R"({"a":[1,2]})", "a[99999999999999999999999]"); }) ==
          "no value at a[99999999999999999999999]");
    CHECK(error_of([] { regex_query("abc", "(b)", "99999999999999999999"); }) ==
          "regex \"(b)\" has no group \"99999999999999999999\"");
    // 2^32 was cast to group 0: the whole match instead of "no such group".
    CHECK(error_of([] { regex_query("abc", "a(b)", "4294967297"); }) == "regex \"a(b)\" has no group \"4294967297\"");
    auto c = answered("x");
    c.regex_list = {"x"};
    CHECK(error_of([&] { render("$regex:99999999999999999999$", c, TemplateSyntax::dollars); }) ==
          "$regex:99999999999999999999$: RegexList has no entry 99999999999999999999 (it has 1)");
}

TEST_CASE("a JSON body made from Arguments takes a file name that is not UTF-8: U+FFFD, no nlohmann exception") {
    // Found by fuzz_sxcu_file: nlohmann's dump() threw type_error 316 for a Latin-1 file name.
    TemplateContext c;
    c.filename = "caf\xe9.mp4";
    const SxcuSpec spec = parse_sxcu(R"({"Version":"15.0.0","RequestURL":"https://u/api","Body":"JSON",)"
                                     R"("Arguments":{"name":"{filename}"}})",
                                     "j.sxcu");
    const HttpRequest r = build_sxcu_request(spec, c, nullptr);
    CHECK(r.body.data == "{\"name\":\"caf\xEF\xBF\xBD.mp4\"}");
}

TEST_CASE("JSON nested 300,000 deep, in an answer or a .sxcu file, is a clear Error, not a stack overflow") {
    // Found writing the fuzz targets (beyond libFuzzer's input sizes): nlohmann's dump() recurses per level.
    const std::string nest = std::string(300000, '[') + std::string(300000, ']');
    CHECK(error_of([&] { json_query("{\"a\":" + nest + "}", "a"); }) ==
          "the value is nested more than 512 levels deep");
    CHECK(error_of([&] { render("{json:a}", answered("{\"a\":" + nest + "}")); }) ==
          "{json:a}: the value is nested more than 512 levels deep");
    CHECK(error_of([&] { parse_sxcu(R"({"RequestURL":"https://u/","Headers":{"a":)" + nest + "}}", "d.sxcu"); }) ==
          "d.sxcu: field \"Headers.a\" the value is nested more than 512 levels deep");
    const std::string fine = std::string(500, '[') + std::string(500, ']');
    CHECK(json_query("{\"a\":" + fine + "}", "a") == fine);
}

TEST_CASE("templates nested 100,000 calls deep, or values beyond 64 MiB, are a clear Error, not a crash or gigabytes") {
    // Found writing fuzz_sxcu_template: parsing, the checks and rendering recurse per nested call, and
    // each {base64:…} is a third longer than its argument.
    std::string deep;
    for (int i = 0; i < 100000; ++i) deep += "{base64:";
    deep += "x" + std::string(100000, '}');
    CHECK(error_of([&] { parse_template(deep, TemplateSyntax::braces); }) ==
          "\"{base64:{base64:{base64:{base64:{base64:…\": calls nested more than 32 deep");
    std::string ok;
    for (int i = 0; i < 32; ++i) ok += "{base64:";
    ok += "x" + std::string(32, '}');
    CHECK(render(ok, TemplateContext{}).size() == 62008);
    // {response} seven times over a 10 MiB answer.
    const auto big = answered(std::string(10u << 20, 'a'));
    CHECK(error_of([&] { render("{response}{response}{response}{response}{response}{response}{response}", big); }) ==
          "{response}: the value grows beyond 64 MiB");
    const Template seven = parse_template("{response}{response}{response}{response}{response}{response}{response}",
                                          TemplateSyntax::braces);
    CHECK(error_of([&] { render_url_template(seven, big); }) == "the value grows beyond 64 MiB");
}

TEST_CASE("a .sxcu header name must be a token, and a value with a line break is an Error, not a second header") {
    // Found by fuzz_sxcu_file: "Headers": {"content-length:X": "1"} went out as the header
    // "content-length:X: 1", a second Content-Length; a title with "\r\n" in a header value would start
    // another header.
    CHECK(error_of([] { parse_sxcu(R"({"RequestURL":"https://u/","Headers":{"content-length:X":"1"}})", "h.sxcu"); }) ==
          "h.sxcu: field \"Headers.content-length:X\" is not a valid HTTP header name");
    CHECK(error_of([] { parse_sxcu(R"({"RequestURL":"https://u/","Headers":{"X Y":"1"}})", "h.sxcu"); }) ==
          "h.sxcu: field \"Headers.X Y\" is not a valid HTTP header name");
    const SxcuSpec spec = parse_sxcu(
        R"({"RequestURL":"https://u/","Headers":{"X-Title":"{input}","X-Odd!#$%&'*+-.^_`|~":"1"}})", "h.sxcu");
    TemplateContext c;
    c.input = "line one\r\nX-Injected: 1";
    CHECK(error_of([&] { build_sxcu_request(spec, c, nullptr); }) ==
          "field \"Headers.X-Title\": the value has a line break");
    c.input = "one line";
    CHECK(build_sxcu_request(spec, c, nullptr).headers.front() == "X-Odd!#$%&'*+-.^_`|~: 1");
}
