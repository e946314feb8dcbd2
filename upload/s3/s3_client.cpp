#include "upload/s3/s3_client.h"

#include "common/error.h"
#include "upload/transport/crypto.h"
#include "upload/destination.h"
#include "upload/transport/file_digest.h"
#include "upload/transport/url.h"
#include "upload/transport/xml_text.h"
#include "upload/upload_errors.h"

namespace clipnote::upload {
namespace {

const std::string kEmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

std::string query_suffix(const QueryParams& q) {
    return q.empty() ? "" : "?" + canonical_query_string(q);
}

// The headers S3 stores with the object, signed like the rest.
std::vector<std::pair<std::string, std::string>> object_headers(const ObjectHeaders& h) {
    std::vector<std::pair<std::string, std::string>> out = {{"content-type", h.content_type}};
    if (!h.content_disposition.empty()) out.emplace_back("content-disposition", h.content_disposition);
    return out;
}

}  // namespace

S3ErrorReply read_s3_error(std::string_view body) {
    S3ErrorReply out;
    try {
        const pugi::xml_document doc = parse_xml_reply(body);
        out.code = xml_element(doc, "Code").value_or("");
        out.message = xml_element(doc, "Message").value_or("");
    } catch (const Error&) {
        // not S3's XML (a proxy's HTML page, nothing): the status alone tells
    }
    return out;
}

std::string read_upload_id(const pugi::xml_document& reply) {
    return xml_element(reply, "UploadId").value_or("");
}

S3PartsPage read_list_parts(const pugi::xml_document& reply) {
    S3PartsPage page;
    const pugi::xml_node result = xml_first_descendant(reply, "ListPartsResult");
    for (const pugi::xml_node& p : result.children()) {
        if (!xml_name_is(p, "Part")) continue;
        S3Part part;
        try {
            part.number = std::stoi(xml_element(p, "PartNumber").value_or("0"));
            part.size = std::stoull(xml_element(p, "Size").value_or("0"));
        } catch (const std::exception&) {
            throw Error("a part without a readable PartNumber or Size");
        }
        part.etag = xml_element(p, "ETag").value_or("");
        page.parts.push_back(part);
    }
    page.truncated = xml_element(result, "IsTruncated").value_or("false") == "true";
    if (page.truncated) page.next_marker = xml_element(result, "NextPartNumberMarker").value_or("");
    return page;
}

std::string complete_multipart_xml(const std::vector<S3Part>& parts) {
    std::string xml = "<CompleteMultipartUpload>";
    for (const auto& p : parts)
        xml += "<Part><PartNumber>" + std::to_string(p.number) + "</PartNumber><ETag>" + xml_escape(p.etag) +
               "</ETag></Part>";
    xml += "</CompleteMultipartUpload>";
    return xml;
}

S3Client::S3Client(S3Settings settings, AwsCredentials credentials, std::string context, std::string access_key_field,
                   std::string secret_key_field)
    : settings_(std::move(settings)),
      credentials_(std::move(credentials)),
      context_(std::move(context)),
      access_key_field_(std::move(access_key_field)),
      secret_key_field_(std::move(secret_key_field)),
      endpoint_(parse_url(settings_.endpoint)) {}

S3Client::Target S3Client::target(const std::string& key) const {
    Target t;
    const std::string encoded_key = percent_encode(key, true);
    if (settings_.path_style) {
        t.host = endpoint_.authority();
        t.canonical_uri = "/" + percent_encode(settings_.bucket, false) + (key.empty() ? "" : "/" + encoded_key);
    } else {
        Url virtual_host = endpoint_;
        virtual_host.host = settings_.bucket + "." + endpoint_.host;
        t.host = virtual_host.authority();
        t.canonical_uri = "/" + encoded_key;
    }
    t.url_base = endpoint_.scheme + "://" + t.host + t.canonical_uri;
    return t;
}

std::string S3Client::object_url(const std::string& key) const {
    return target(key).url_base;
}

std::string S3Client::presigned_get_url(const std::string& key, std::chrono::seconds expires,
                                        std::chrono::system_clock::time_point now) const {
    const Target t = target(key);
    SigV4Request req;
    req.method = "GET";
    req.host = t.host;
    req.canonical_uri = t.canonical_uri;
    return t.url_base + "?" + sigv4_presign_query(req, credentials_, {settings_.region}, now, expires);
}

HttpRequest S3Client::signed_request(const std::string& method, const std::string& key, const QueryParams& query,
                                     std::vector<std::pair<std::string, std::string>> signed_headers, Body body,
                                     const std::string& payload_sha256_hex) const {
    const Target t = target(key);
    SigV4Request sig;
    sig.method = method;
    sig.host = t.host;
    sig.canonical_uri = t.canonical_uri;
    sig.query = query;
    sig.headers = signed_headers;
    sig.payload_sha256_hex = payload_sha256_hex;
    HttpRequest r;
    r.method = method;
    r.url = t.url_base + query_suffix(query);
    for (const auto& [name, value] : signed_headers) r.headers.push_back(name + ": " + value);
    for (auto& h : sigv4_sign_headers(sig, credentials_, {settings_.region}, std::chrono::system_clock::now()))
        r.headers.push_back(std::move(h));
    r.body = std::move(body);
    // S3's POSTs (CreateMultipartUpload, CompleteMultipartUpload) are safe to repeat, as the AWS
    // SDKs do: at worst an unused upload the abort or a lifecycle rule removes.
    r.idempotent = true;
    return r;
}

HttpResponse S3Client::send(HttpClient& http, const std::string& operation, const std::string& key,
                            const std::function<HttpRequest()>& make, const UploadProgressFn& on_sent,
                            Progress* notes) const {
    return http.send(make, context_ + ": " + operation + " " + key, on_sent,
                     [&](const std::string& why, std::chrono::milliseconds wait) {
                         if (notes)
                             notes->on_note(operation + " " + key + ": " + why + "; retrying in " +
                                            std::to_string(wait.count()) + " ms");
                     });
}

void S3Client::fail(const std::string& operation, const std::string& key, const HttpResponse& r) const {
    const auto [code, message] = read_s3_error(r.body);
    std::string hint;
    if (code == "SignatureDoesNotMatch")
        hint = "; check the secret key (field \"" + secret_key_field_ + "\") and \"region\"";
    else if (code == "InvalidAccessKeyId")
        hint = "; check the access key (field \"" + access_key_field_ + "\")";
    else if (code == "NoSuchBucket")
        hint = "; check field \"bucket\"";
    else if (code == "RequestTimeTooSkewed")
        hint = "; this computer's clock is off";
    else if (code.empty() && r.status == 403)
        hint = "; check the keys (fields \"" + access_key_field_ + "\", \"" + secret_key_field_ + "\")";
    std::string text = context_ + ": " + operation + " " + key + ": " + status_text(r.status);
    if (!code.empty()) text += ": " + code;
    if (!message.empty()) text += ": " + message;
    // Typed, so the queue forgets the stored id without reading the message.
    if (code == "NoSuchUpload") throw UploadGoneError(text + hint);
    throw Error(text + hint);
}

pugi::xml_document S3Client::reply(const HttpResponse& r, const std::string& operation, const std::string& key) const {
    try {
        return parse_xml_reply(r.body);
    } catch (const Error& e) {
        throw Error(context_ + ": " + operation + " " + key + ": " + e.what());
    }
}

std::string S3Client::put_object(HttpClient& http, const std::string& key, const std::filesystem::path& file,
                                 std::uint64_t size, const ObjectHeaders& headers, const UploadProgressFn& on_sent,
                                 Progress* notes) const {
    const FileDigest d = digest_file_range(file, 0, size);
    auto signed_headers = object_headers(headers);
    signed_headers.emplace_back("content-md5", to_base64(d.md5));
    HttpResponse r = send(
        http, "PutObject", key,
        [&] { return signed_request("PUT", key, {}, signed_headers, Body::file_range(file, 0, size), d.sha256_hex); },
        on_sent, notes);
    if (r.status / 100 != 2) fail("PutObject", key, r);
    return r.header("ETag");
}

std::string S3Client::create_multipart_upload(HttpClient& http, const std::string& key,
                                              const ObjectHeaders& headers) const {
    HttpResponse r = send(
        http, "CreateMultipartUpload", key,
        [&] { return signed_request("POST", key, {{"uploads", ""}}, object_headers(headers), {}, kEmptySha256); },
        {}, nullptr);
    if (r.status / 100 != 2) fail("CreateMultipartUpload", key, r);
    std::string id = read_upload_id(reply(r, "CreateMultipartUpload", key));
    if (id.empty()) throw Error(context_ + ": CreateMultipartUpload " + key + ": the answer has no UploadId");
    return id;
}

std::string S3Client::upload_part(HttpClient& http, const std::string& key, const std::string& upload_id, int number,
                                  const std::filesystem::path& file, std::uint64_t offset, std::uint64_t length,
                                  const UploadProgressFn& on_sent, Progress* notes) const {
    const FileDigest d = digest_file_range(file, offset, length);
    const std::string op = "UploadPart " + std::to_string(number);
    HttpResponse r = send(
        http, op, key,
        [&] {
            return signed_request("PUT", key, {{"partNumber", std::to_string(number)}, {"uploadId", upload_id}},
                                  {{"content-md5", to_base64(d.md5)}}, Body::file_range(file, offset, length),
                                  d.sha256_hex);
        },
        on_sent, notes);
    if (r.status / 100 != 2) fail(op, key, r);
    std::string etag = r.header("ETag");
    if (etag.empty()) throw Error(context_ + ": " + op + " " + key + ": the answer has no ETag");
    return etag;
}

std::vector<S3Part> S3Client::list_parts(HttpClient& http, const std::string& key, const std::string& upload_id) const {
    std::vector<S3Part> parts;
    std::string marker;
    for (;;) {
        QueryParams q = {{"uploadId", upload_id}};
        if (!marker.empty()) q.emplace_back("part-number-marker", marker);
        HttpResponse r = send(
            http, "ListParts", key, [&] { return signed_request("GET", key, q, {}, {}, kEmptySha256); }, {}, nullptr);
        if (r.status / 100 != 2) fail("ListParts", key, r);
        const pugi::xml_document doc = reply(r, "ListParts", key);
        S3PartsPage page;
        try {
            page = read_list_parts(doc);
        } catch (const Error& e) {
            throw Error(context_ + ": ListParts " + key + ": " + e.what());
        }
        parts.insert(parts.end(), page.parts.begin(), page.parts.end());
        if (!page.truncated) break;
        marker = page.next_marker;
        if (marker.empty()) break;
    }
    return parts;
}

std::string S3Client::complete_multipart_upload(HttpClient& http, const std::string& key, const std::string& upload_id,
                                                const std::vector<S3Part>& parts) const {
    const std::string xml = complete_multipart_xml(parts);
    const std::string hash = to_hex(sha256(xml));
    HttpResponse r = send(
        http, "CompleteMultipartUpload", key,
        [&] {
            return signed_request("POST", key, {{"uploadId", upload_id}}, {{"content-type", "application/xml"}},
                                  Body::memory(xml), hash);
        },
        {}, nullptr);
    if (r.status / 100 != 2) fail("CompleteMultipartUpload", key, r);
    // S3 may answer 200 and still report an error in the body.
    const pugi::xml_document doc = reply(r, "CompleteMultipartUpload", key);
    if (xml_first_descendant(doc, "Error")) fail("CompleteMultipartUpload", key, r);
    return xml_element(doc, "ETag").value_or(r.header("ETag"));
}

void S3Client::abort_multipart_upload(HttpClient& http, const std::string& key, const std::string& upload_id) const {
    HttpResponse r = send(
        http, "AbortMultipartUpload", key,
        [&] {
            return signed_request("DELETE", key, {{"uploadId", upload_id}}, {}, {}, kEmptySha256);
        },
        {}, nullptr);
    if (r.status / 100 != 2 && r.status != 404) fail("AbortMultipartUpload", key, r);
}

std::uint64_t S3Client::head_object_size(HttpClient& http, const std::string& key) const {
    HttpResponse r = send(
        http, "HeadObject", key, [&] { return signed_request("HEAD", key, {}, {}, {}, kEmptySha256); }, {}, nullptr);
    if (r.status / 100 != 2) fail("HeadObject", key, r);
    const std::string length = r.header("Content-Length");
    if (length.empty()) throw Error(context_ + ": HeadObject " + key + ": the answer has no Content-Length");
    return std::stoull(length);
}

void S3Client::delete_object(HttpClient& http, const std::string& key) const {
    HttpResponse r = send(
        http, "DeleteObject", key, [&] { return signed_request("DELETE", key, {}, {}, {}, kEmptySha256); }, {},
        nullptr);
    if (r.status / 100 != 2 && r.status != 404) fail("DeleteObject", key, r);
}

}  // namespace clipnote::upload
