// config.toml as the upload stage reads it (upload/config.h: parse_config), plus the duration and
// size fields on their own. A malformed file must be one clipnote::Error; a file that is accepted
// must describe destinations that hold together (the checks below).
#include <cctype>
#include <cstdint>
#include <limits>
#include <string>
#include <variant>

#include "common/error.h"
#include "fuzz_common.h"
#include "upload/config.h"
#include "upload/transport/url.h"

using namespace clipnote;
using namespace clipnote::upload;

namespace {

// The number a duration/size text starts with (after blanks and an optional '+'), independently
// of std::stoll/std::stoull; false when there is no plain decimal number there.
bool leading_number(const std::string& text, unsigned __int128& value, std::size_t& end) {
    std::size_t i = 0;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i < text.size() && text[i] == '+') ++i;
    const std::size_t digits = i;
    value = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
        value = value * 10 + static_cast<unsigned>(text[i] - '0');
        if (value > (static_cast<unsigned __int128>(1) << 100)) value = static_cast<unsigned __int128>(1) << 100;
        ++i;
    }
    end = i;
    return i > digits;
}

void check_duration_and_size(const std::string& text) {
    try {
        const auto d = parse_duration(text);
        unsigned __int128 n = 0;
        std::size_t end = 0;
        FUZZ_CHECK(leading_number(text, n, end), "duration \"%s\" accepted without a number",
                   fuzz::printable(text).c_str());
        const std::string unit = text.substr(end);
        const unsigned __int128 factor = unit.empty() || unit == "s" ? 1
                                         : unit == "m"               ? 60
                                         : unit == "h"               ? 3600
                                         : unit == "d"               ? 86400
                                                                     : 7 * 86400;
        FUZZ_CHECK(d.count() > 0 && static_cast<unsigned __int128>(d.count()) == n * factor,
                   "duration \"%s\" read as %lld s", fuzz::printable(text).c_str(), static_cast<long long>(d.count()));
    } catch (const Error&) {
    }
    try {
        const std::uint64_t size = parse_size(text);
        unsigned __int128 n = 0;
        std::size_t end = 0;
        FUZZ_CHECK(leading_number(text, n, end), "size \"%s\" accepted without a number",
                   fuzz::printable(text).c_str());
        std::string unit = text.substr(end);
        while (!unit.empty() && unit.front() == ' ') unit.erase(0, 1);
        for (char& c : unit) c = char(std::tolower(static_cast<unsigned char>(c)));  // units in any case
        const unsigned __int128 factor = unit == "k" || unit == "kb"   ? 1000
                                         : unit == "kib"               ? 1024
                                         : unit == "m" || unit == "mb" ? 1000000
                                         : unit == "mib"               ? 1 << 20
                                         : unit == "g" || unit == "gb" ? 1000000000
                                         : unit == "gib"               ? 1 << 30
                                                                       : 1;
        FUZZ_CHECK(size > 0 && static_cast<unsigned __int128>(size) == n * factor, "size \"%s\" read as %llu",
                   fuzz::printable(text).c_str(), static_cast<unsigned long long>(size));
    } catch (const Error&) {
    }
}

bool http_url(const std::string& text) {
    try {
        const Url u = parse_url(text);  // accepted URLs parse again
        return (u.scheme == "http" || u.scheme == "https") && u.userinfo.empty() && !u.host.empty();
    } catch (const Error&) {
        return false;
    }
}

void check_network(const DestinationConfig& d) {
    const NetworkSettings& n = d.network;
    FUZZ_CHECK(n.retries >= 0 && n.retries <= 20, "%s: retries %d", d.name.c_str(), n.retries);
    FUZZ_CHECK(n.connect_timeout.count() > 0 && n.low_speed_time.count() > 0, "%s: a timeout <= 0", d.name.c_str());
    FUZZ_CHECK(n.low_speed_limit > 0, "%s: low_speed_limit %ld", d.name.c_str(), n.low_speed_limit);
    // curl takes the connect timeout in milliseconds, as a long.
    FUZZ_CHECK(n.connect_timeout.count() <= std::numeric_limits<long>::max() / 1000 &&
                   n.low_speed_time.count() <= std::numeric_limits<long>::max(),
               "%s: a timeout curl cannot take", d.name.c_str());
}

void check_config(const Config& c) {
    FUZZ_CHECK(!c.destinations.empty(), "an accepted config without destinations");
    bool default_found = c.default_name.empty();
    for (const DestinationConfig& d : c.destinations) default_found = default_found || d.name == c.default_name;
    FUZZ_CHECK(default_found, "default \"%s\" is not a destination", fuzz::printable(c.default_name).c_str());
    for (const DestinationConfig& d : c.destinations) {
        const std::size_t want = d.kind == "local"     ? 0
                                 : d.kind == "webdav"  ? 1
                                 : d.kind == "s3"      ? 2
                                 : d.kind == "sxcu"    ? 3
                                 : d.kind == "discord" ? 4
                                 : d.kind == "slack"   ? 5
                                 : d.kind == "webhook" ? 6
                                                       : 99;
        FUZZ_CHECK(d.settings.index() == want, "kind \"%s\" holds settings #%zu", d.kind.c_str(), d.settings.index());
        if (d.kind != "local") check_network(d);
        if (const auto* s = std::get_if<S3Settings>(&d.settings)) {
            FUZZ_CHECK(http_url(s->endpoint), "s3 endpoint \"%s\"", fuzz::printable(s->endpoint).c_str());
            FUZZ_CHECK(!s->bucket.empty() && !s->region.empty(), "s3 without bucket or region");
            FUZZ_CHECK(s->part_size >= (5ull << 20) && s->part_size <= (5ull << 30), "s3 part_size %llu",
                       static_cast<unsigned long long>(s->part_size));
            FUZZ_CHECK(s->parallel >= 1 && s->parallel <= 32, "s3 parallel %d", s->parallel);
            FUZZ_CHECK(s->multipart_threshold > 0 && s->expires.count() > 0, "s3 threshold/expires <= 0");
            FUZZ_CHECK(s->link != S3LinkMode::presigned || s->expires <= std::chrono::hours(24 * 7),
                       "presigned links for more than 7 days");
            FUZZ_CHECK(
                s->link != S3LinkMode::public_url || (!s->public_base_url.empty() && s->public_base_url.back() == '/'),
                "public links without public_base_url");
            FUZZ_CHECK(s->access_key.present() && s->secret_key.present(), "s3 without keys");
        } else if (const auto* w = std::get_if<WebdavSettings>(&d.settings)) {
            FUZZ_CHECK(http_url(w->url) && w->url.back() == '/', "webdav url \"%s\"", fuzz::printable(w->url).c_str());
            FUZZ_CHECK(!w->password.present() || !w->username.empty(), "webdav password without user");
        } else if (const auto* x = std::get_if<SxcuSettings>(&d.settings)) {
            FUZZ_CHECK(x->file.is_absolute(), "sxcu file \"%s\" is relative", x->file.c_str());
        } else if (const auto* h = std::get_if<WebhookSettings>(&d.settings)) {
            FUZZ_CHECK(h->target && h->target->name == h->upload_to && h->upload_to != d.name &&
                           !std::holds_alternative<WebhookSettings>(h->target->settings),
                       "webhook \"%s\" -> \"%s\"", d.name.c_str(), h->upload_to.c_str());
        } else if (const auto* l = std::get_if<SlackSettings>(&d.settings)) {
            FUZZ_CHECK(!l->channel_id.empty() && l->token.present() && l->api_url.back() == '/', "slack settings");
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        check_config(parse_config(text, "/fuzz/clipnote/config.toml"));
    } catch (const Error&) {
        // malformed input, reported as clipnote reports it
    }
    if (size <= 64) check_duration_and_size(text);
    return 0;
}
