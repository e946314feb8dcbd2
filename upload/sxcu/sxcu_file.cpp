#include "upload/sxcu/sxcu_file.h"

#include <strings.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "common/error.h"
#include "upload/transport/multipart.h"
#include "upload/sxcu/response_query.h"
#include "upload/transport/url.h"

namespace clipnote::upload {
namespace {

using nlohmann::json;

std::string value_text(const json& v) {
    return json_value_text(v);  // throws Error for a value nested absurdly deep
}

// Files without "Version" (hand-written ones) tell their syntax by what they use.
bool looks_like_dollar_syntax(const json& doc) {
    static const std::regex kDollar(
        R"(\$(json|xml|regex|header|response|responseurl|filename|random|input|base64|select|prompt|inputbox|\d+)[:$,|])",
        std::regex::icase);
    std::string all;
    auto add = [&](const json& v) {
        try {
            all += value_text(v) + "\n";
        } catch (const Error&) {
            // too deep to be a template: reading the field reports it
        }
    };
    for (const char* key : {"RequestURL", "URL", "ThumbnailURL", "DeletionURL", "ErrorMessage", "Data"})
        if (doc.contains(key)) add(doc[key]);
    for (const char* key : {"Parameters", "Headers", "Arguments"})
        if (doc.contains(key) && doc[key].is_object())
            for (const auto& [k, v] : doc[key].items()) add(v);
    return std::regex_search(all, kDollar);
}

TemplateSyntax detect_syntax(const json& doc) {
    if (doc.contains("Version") && doc["Version"].is_string()) {
        const std::string v = doc["Version"].get<std::string>();
        try {
            return std::stoi(v) >= 14 ? TemplateSyntax::braces : TemplateSyntax::dollars;
        } catch (const std::exception&) {
        }
    }
    if (doc.contains("RequestType") || doc.contains("RegexList") || doc.contains("ResponseType"))
        return TemplateSyntax::dollars;
    return looks_like_dollar_syntax(doc) ? TemplateSyntax::dollars : TemplateSyntax::braces;
}

// RFC 9110 token: what a header name may be made of. "Content-Length:X" would send a second
// Content-Length ("Content-Length: X…"); a space or line break, a malformed request.
bool is_header_name(const std::string& name) {
    static const std::string kSymbols = "!#$%&'*+-.^_`|~";
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || kSymbols.find(c) != std::string::npos;
    });
}

std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

class Reader {
public:
    Reader(const json& doc, SxcuSpec& spec) : doc_(doc), spec_(spec) {}

    [[noreturn]] void fail(const std::string& field, const std::string& problem) const {
        throw Error(spec_.label + ": field \"" + field + "\" " + problem);
    }
    std::string string(const char* field) const {
        if (!doc_.contains(field) || doc_[field].is_null()) return "";
        if (!doc_[field].is_string()) fail(field, "must be a string");
        return doc_[field].get<std::string>();
    }
    Template templ(const char* field) {
        const std::string text = string(field);
        try {
            Template t = parse_template(text, spec_.syntax);
            note_unsupported(field, t);
            return t;
        } catch (const Error& e) {
            fail(field, e.what());
        }
    }
    std::vector<std::pair<std::string, Template>> dictionary(const char* field) {
        std::vector<std::pair<std::string, Template>> out;
        if (!doc_.contains(field) || doc_[field].is_null()) return out;
        if (!doc_[field].is_object()) fail(field, "must be an object of name: value pairs");
        for (const auto& [k, v] : doc_[field].items()) {
            const std::string where = std::string(field) + "." + k;
            try {
                Template t = parse_template(value_text(v), spec_.syntax);
                note_unsupported(where, t);
                out.emplace_back(k, std::move(t));
            } catch (const Error& e) {
                fail(where, e.what());
            }
        }
        return out;
    }
    void note_unsupported(const std::string& field, const Template& t) {
        for (const auto& what : unsupported_functions(t)) unsupported.push_back("field \"" + field + "\": " + what);
    }

    std::vector<std::string> unsupported;

private:
    const json& doc_;
    SxcuSpec& spec_;
};

}  // namespace

bool carries_file(SxcuBody body) {
    return body == SxcuBody::multipart || body == SxcuBody::binary;
}

SxcuSpec parse_sxcu(std::string text, const std::string& label) {
    if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);  // UTF-8 BOM (ShareX writes one)
    const json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        throw Error(label + ": not a ShareX custom uploader (expected a JSON object)");
    SxcuSpec spec;
    spec.label = label;
    spec.syntax = detect_syntax(doc);
    Reader r(doc, spec);

    std::string method = r.string("RequestMethod");
    const char* method_field = "RequestMethod";
    if (method.empty()) {
        method = r.string("RequestType");
        method_field = "RequestType";
    }
    spec.method = method.empty() ? "POST" : upper(method);
    if (spec.method != "GET" && spec.method != "POST" && spec.method != "PUT" && spec.method != "PATCH" &&
        spec.method != "DELETE")
        r.fail(method_field, "\"" + method + "\" is not one of GET, POST, PUT, PATCH, DELETE");

    if (r.string("RequestURL").empty()) r.fail("RequestURL", "is missing");
    spec.request_url = r.templ("RequestURL");
    spec.parameters = r.dictionary("Parameters");
    spec.headers = r.dictionary("Headers");
    for (const auto& [name, value] : spec.headers)
        if (!is_header_name(name)) r.fail("Headers." + name, "is not a valid HTTP header name");
    spec.arguments = r.dictionary("Arguments");
    spec.file_form_name = r.string("FileFormName");
    spec.data = r.templ("Data");
    spec.url = r.templ("URL");
    spec.thumbnail_url = r.templ("ThumbnailURL");
    spec.deletion_url = r.templ("DeletionURL");
    spec.error_message = r.templ("ErrorMessage");

    spec.body_name = r.string("Body");
    if (spec.body_name.empty()) {
        // ShareX's default; older files have no Body at all and send a form.
        spec.body = SxcuBody::multipart;
        spec.body_name = "MultipartFormData";
    } else if (spec.body_name == "MultipartFormData") {
        spec.body = SxcuBody::multipart;
    } else if (spec.body_name == "FormURLEncoded") {
        spec.body = SxcuBody::form_urlencoded;
    } else if (spec.body_name == "JSON") {
        spec.body = SxcuBody::json;
    } else if (spec.body_name == "XML") {
        spec.body = SxcuBody::xml;
    } else if (spec.body_name == "Binary") {
        spec.body = SxcuBody::binary;
    } else if (spec.body_name == "None") {
        spec.body = SxcuBody::none;
    } else {
        r.fail("Body",
               "\"" + spec.body_name + "\" is not one of None, MultipartFormData, FormURLEncoded, JSON, XML, Binary");
    }
    if (spec.body == SxcuBody::multipart && spec.file_form_name.empty()) spec.file_form_name = "file";

    if (doc.contains("RegexList")) {
        if (!doc["RegexList"].is_array()) r.fail("RegexList", "must be a list of patterns");
        for (const auto& p : doc["RegexList"]) {
            if (!p.is_string()) r.fail("RegexList", "must be a list of patterns");
            spec.regex_list.push_back(p.get<std::string>());
            try {
                check_regex(spec.regex_list.back());
            } catch (const Error& e) {
                r.unsupported.push_back("field \"RegexList\": " + std::string(e.what()));
            }
        }
    }
    const std::string response_type = r.string("ResponseType");
    if (response_type.empty() || response_type == "Text")
        spec.response_type = SxcuResponseType::text;
    else if (response_type == "RedirectionURL")
        spec.response_type = SxcuResponseType::redirection_url;
    else if (response_type == "LocationHeader")
        spec.response_type = SxcuResponseType::location_header;
    else
        r.unsupported.push_back("field \"ResponseType\": \"" + response_type +
                                "\" (Text, RedirectionURL and LocationHeader are)");

    for (const char* field : {"RequestURL", "Data"})
        if (reads_response(parse_template(r.string(field), spec.syntax)))
            r.unsupported.push_back(std::string("field \"") + field + "\": reads the response before it exists");

    if (!r.unsupported.empty()) {
        std::string message = label + ": not supported: ";
        for (std::size_t i = 0; i < r.unsupported.size(); ++i) message += (i ? "; " : "") + r.unsupported[i];
        throw Error(message);
    }

    spec.name = r.string("Name");
    if (spec.name.empty()) {
        try {
            spec.name = parse_url(r.string("RequestURL")).host;
        } catch (const Error&) {
            spec.name = "custom uploader";
        }
    }
    return spec;
}

SxcuSpec load_sxcu(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error(file.string() + ": cannot read the ShareX custom uploader file");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_sxcu(text.str(), file.string());
}

HttpRequest build_sxcu_request(const SxcuSpec& spec, const TemplateContext& context, const SxcuFile* file) {
    HttpRequest request;
    request.method = spec.method;
    request.url = render_url_template(spec.request_url, context);
    if (!spec.parameters.empty()) {
        std::vector<std::pair<std::string, std::string>> query;
        for (const auto& [k, t] : spec.parameters) query.emplace_back(k, render_template(t, context));
        request.url += (request.url.find('?') == std::string::npos ? "?" : "&") + form_urlencode(query);
    }
    bool has_content_type = false;
    for (const auto& [k, t] : spec.headers) {
        std::string lower_name = k;
        for (auto& c : lower_name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (lower_name == "content-length") continue;  // curl knows the length
        has_content_type = has_content_type || lower_name == "content-type";
        const std::string value = render_template(t, context);
        // A line break would end the header there and start another one (from the title, say).
        if (value.find_first_of("\r\n") != std::string::npos)
            throw Error("field \"Headers." + k + "\": the value has a line break");
        request.headers.push_back(k + ": " + value);
    }
    auto content_type = [&](const std::string& type) {
        if (!has_content_type) request.headers.push_back("Content-Type: " + type);
    };
    std::vector<std::pair<std::string, std::string>> args;
    for (const auto& [k, t] : spec.arguments) args.emplace_back(k, render_template(t, context));
    switch (spec.body) {
        case SxcuBody::none:
            break;
        case SxcuBody::multipart: {
            std::vector<MultipartField> fields;
            for (auto& [k, v] : args) fields.push_back({k, v, ""});
            MultipartFile part;
            if (file) part = {spec.file_form_name, file->name, file->content_type, file->path, file->size};
            MultipartBody m = make_multipart(fields, file ? &part : nullptr);
            request.body = std::move(m.body);
            // The boundary must match the body: a Content-Type from the file gives way.
            std::erase_if(request.headers, [](const std::string& h) {
                return h.size() > 13 && strncasecmp(h.c_str(), "content-type:", 13) == 0;
            });
            request.headers.push_back("Content-Type: " + m.content_type);
            break;
        }
        case SxcuBody::form_urlencoded:
            request.body = Body::memory(form_urlencode(args));
            content_type("application/x-www-form-urlencoded");
            break;
        case SxcuBody::json: {
            std::string data = render_template(spec.data, context);
            if (spec.data.empty()) {
                json object = json::object();
                for (auto& [k, v] : args) object[k] = v;
                // A file name need not be UTF-8 (Latin-1 names exist); JSON must be: U+FFFD for
                // such bytes instead of nlohmann's type_error.
                data = object.dump(-1, ' ', false, json::error_handler_t::replace);
            }
            request.body = Body::memory(std::move(data));
            content_type("application/json");
            break;
        }
        case SxcuBody::xml:
            request.body = Body::memory(render_template(spec.data, context));
            content_type("application/xml");
            break;
        case SxcuBody::binary:
            if (file) {
                request.body = Body::file_range(file->path, 0, file->size);
                content_type(file->content_type.empty() ? "application/octet-stream" : file->content_type);
            }
            break;
    }
    return request;
}

}  // namespace clipnote::upload
