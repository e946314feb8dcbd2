#include "upload/probe.h"

#include <fstream>
#include <random>
#include <sstream>

#include "common/error.h"
#include "upload/transport/http.h"
#include "upload/transport/url.h"

namespace fs = std::filesystem;

namespace clipnote::upload {
namespace {

std::string percent_decode(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

}  // namespace

std::string fetch_link(const std::string& url, const NetworkSettings& network) {
    if (url.rfind("file://", 0) == 0) {
        std::ifstream in(percent_decode(url.substr(7)), std::ios::binary);
        if (!in) throw Error("cannot read " + url);
        std::ostringstream text;
        text << in.rdbuf();
        return text.str();
    }
    HttpClient http(TransferSettings::from(network));
    HttpResponse r = http.send(
        [&] {
            HttpRequest req;
            req.url = url;
            return req;
        },
        "GET " + redact_url(url));
    if (r.status != 200) throw Error("GET " + redact_url(url) + ": " + status_text(r.status));
    return r.body;
}

ProbeResult probe_destination(const DestinationConfig& config, Destination& destination, Progress& progress) {
    std::random_device rd;
    const std::string token = std::to_string(rd()) + std::to_string(rd());
    const std::string content = "clipnote destination test " + token + "\n";
    const fs::path file = fs::temp_directory_path() / ("clipnote-probe-" + token + ".txt");
    {
        std::ofstream out(file, std::ios::binary);
        out << content;
    }
    struct Remove {
        fs::path p;
        ~Remove() {
            std::error_code ec;
            fs::remove(p, ec);
        }
    } cleanup{file};

    UploadRequest request;
    request.file = file;
    request.remote_name = file.filename().string();
    request.content_type = "text/plain";
    const UploadResult uploaded = destination.upload(request, progress);

    ProbeResult result;
    result.url = uploaded.url;
    std::string fetched;
    try {
        fetched = fetch_link(uploaded.url, config.network);
        result.link_checked = true;
    } catch (const Error& e) {
        result.note = e.what();
    }
    destination.remove(uploaded.remote_path, progress);
    if (result.link_checked && fetched != content)
        throw Error("destination \"" + config.name + "\": the link " + redact_url(uploaded.url) +
                    " returned different bytes than were uploaded");
    return result;
}

}  // namespace clipnote::upload
