#pragma once
// A ShareX custom uploader file (.sxcu, JSON, possibly with a UTF-8 BOM), read as-is: both the
// current format (RequestMethod, Body, {…} templates) and the older one (RequestType,
// ResponseType, RegexList, $…$ templates), and the request it describes for one file.
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "upload/transport/http.h"
#include "upload/sxcu/sxcu_template.h"

namespace clipnote::upload {

enum class SxcuBody { none, multipart, form_urlencoded, json, xml, binary };
// Older files: what the link is when URL is empty.
enum class SxcuResponseType { text, redirection_url, location_header };

struct SxcuSpec {
    std::string label;  // the file, for messages
    std::string name;   // "Name", or the request URL's host
    TemplateSyntax syntax = TemplateSyntax::braces;
    std::string method = "POST";
    Template request_url;
    std::vector<std::pair<std::string, Template>> parameters, headers, arguments;
    SxcuBody body = SxcuBody::multipart;
    std::string body_name;  // as written in the file
    std::string file_form_name;
    Template data;  // JSON / XML body
    Template url, thumbnail_url, deletion_url, error_message;
    std::vector<std::string> regex_list;
    SxcuResponseType response_type = SxcuResponseType::text;
};

// Parses the text of a .sxcu file. Throws Error("<label>: …") naming the field on malformed
// input, and one line listing every unsupported bit ("<label>: not supported: field \"URL\":
// {prompt} (…); …").
SxcuSpec parse_sxcu(std::string text, const std::string& label);
SxcuSpec load_sxcu(const std::filesystem::path& file);

// True when the body carries the file (clipnote only uploads files: MultipartFormData, Binary).
bool carries_file(SxcuBody body);

struct SxcuFile {
    std::filesystem::path path;
    std::string name;  // as the server sees it
    std::string content_type;
    std::uint64_t size = 0;
};

// The request for one upload: templates rendered with `context` (no response yet; the file name
// percent-encoded in the URL), parameters appended as a query string, the body built. Secrets in headers/arguments stay in the request.
HttpRequest build_sxcu_request(const SxcuSpec& spec, const TemplateContext& context, const SxcuFile* file);

}  // namespace clipnote::upload
