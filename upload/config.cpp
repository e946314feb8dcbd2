#include "upload/config.h"

#include <arpa/inet.h>
#include <toml++/toml.h>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

#include "common/error.h"
#include "upload/transport/url.h"

namespace fs = std::filesystem;

namespace clipnote::upload {
namespace {

fs::path home_dir() {
    const char* home = std::getenv("HOME");
    return home && *home ? fs::path(home) : fs::path("/tmp");
}

fs::path xdg_dir(const char* variable, const char* fallback_under_home) {
    const char* value = std::getenv(variable);
    // The XDG spec says relative values are invalid and must be ignored.
    if (value && *value == '/') return fs::path(value);
    return home_dir() / fallback_under_home;
}

// Reads the fields of one table, remembering which were read so unknown ones (typos) can be
// reported instead of silently ignored.
class Fields {
public:
    Fields(const toml::table& table, std::string context, fs::path base_dir)
        : table_(table), context_(std::move(context)), base_dir_(std::move(base_dir)) {}

    [[noreturn]] void fail(const std::string& key, const std::string& problem) const {
        throw Error(context_ + ": field \"" + key + "\" " + problem);
    }

    std::optional<std::string> string(const std::string& key) {
        used_.insert(key);
        const toml::node* node = table_.get(key);
        if (!node) return std::nullopt;
        if (auto v = node->value<std::string>()) return *v;
        fail(key, "must be a string");
    }
    std::string required_string(const std::string& key) {
        auto v = string(key);
        if (!v) fail(key, "is missing");
        if (v->empty()) fail(key, "is empty");
        return *v;
    }
    std::optional<bool> boolean(const std::string& key) {
        used_.insert(key);
        const toml::node* node = table_.get(key);
        if (!node) return std::nullopt;
        if (auto v = node->value_exact<bool>()) return *v;
        fail(key, "must be true or false");
    }
    std::optional<std::int64_t> integer(const std::string& key) {
        used_.insert(key);
        const toml::node* node = table_.get(key);
        if (!node) return std::nullopt;
        if (auto v = node->value_exact<std::int64_t>()) return *v;
        fail(key, "must be an integer");
    }
    // A duration as "7d" or a number of seconds.
    std::optional<std::chrono::seconds> duration(const std::string& key) {
        used_.insert(key);
        const toml::node* node = table_.get(key);
        if (!node) return std::nullopt;
        if (auto n = node->value_exact<std::int64_t>()) {
            if (*n <= 0) fail(key, "must be positive");
            return std::chrono::seconds(*n);
        }
        if (auto s = node->value<std::string>()) {
            try {
                return parse_duration(*s);
            } catch (const Error& e) {
                fail(key, e.what());
            }
        }
        fail(key, "must be a duration such as \"7d\", \"12h\", \"30m\" or a number of seconds");
    }
    std::optional<std::uint64_t> size(const std::string& key) {
        used_.insert(key);
        const toml::node* node = table_.get(key);
        if (!node) return std::nullopt;
        if (auto n = node->value_exact<std::int64_t>()) {
            if (*n <= 0) fail(key, "must be positive");
            return static_cast<std::uint64_t>(*n);
        }
        if (auto s = node->value<std::string>()) {
            try {
                return parse_size(*s);
            } catch (const Error& e) {
                fail(key, e.what());
            }
        }
        fail(key, "must be a size such as \"16MiB\" or a number of bytes");
    }
    std::optional<fs::path> path(const std::string& key) {
        auto s = string(key);
        if (!s) return std::nullopt;
        if (s->empty()) fail(key, "is empty");
        return resolve_path(*s);
    }
    fs::path resolve_path(const std::string& text) const {
        fs::path p = text;
        if (text == "~" || text.starts_with("~/")) p = home_dir() / text.substr(text.size() > 1 ? 2 : 1);
        return p.is_absolute() ? p : base_dir_ / p;
    }
    // `<field>_env` or `<field>_file`, not both.
    SecretRef secret(const std::string& field, bool required) {
        SecretRef ref;
        ref.field = field;
        if (auto env = string(field + "_env")) {
            if (env->empty()) fail(field + "_env", "is empty");
            ref.env = *env;
        }
        if (auto file = path(field + "_file")) ref.file = *file;
        if (!ref.env.empty() && !ref.file.empty())
            throw Error(context_ + ": fields \"" + field + "_env\" and \"" + field + "_file\" are both set; keep one");
        if (required && !ref.present())
            throw Error(context_ + ": field \"" + field + "_env\" or \"" + field + "_file\" is missing");
        return ref;
    }
    // An http(s) URL; `what` describes the expected form for the message.
    std::string http_url(const std::string& key, bool required) {
        auto v = required ? std::optional(required_string(key)) : string(key);
        if (!v) return {};
        if (v->empty()) fail(key, "is empty");
        try {
            Url u = parse_url(*v);
            if (u.scheme != "http" && u.scheme != "https") fail(key, "must be an http:// or https:// URL");
            if (!u.userinfo.empty())
                fail(key, "must not carry credentials; use username and password_env/password_file");
        } catch (const Error& e) {
            if (std::string(e.what()).starts_with(context_)) throw;
            fail(key, std::string("is not a valid URL: ") + e.what());
        }
        return *v;
    }

    void reject_unknown(const std::string& kind) const {
        for (const auto& [key, node] : table_) {
            (void)node;
            if (!used_.count(std::string(key.str())))
                throw Error(context_ + ": field \"" + std::string(key.str()) + "\" is not known for kind \"" + kind +
                            "\"");
        }
    }

    const std::string& context() const { return context_; }

private:
    const toml::table& table_;
    std::string context_;
    fs::path base_dir_;
    std::set<std::string> used_;
};

NetworkSettings read_network(Fields& f) {
    NetworkSettings n;
    // curl takes these as long, the connect timeout in milliseconds: larger values would wrap.
    constexpr long kMaxSeconds = std::numeric_limits<long>::max() / 1000;
    auto seconds = [&](const char* key, std::chrono::seconds& out) {
        if (auto d = f.duration(key)) {
            if (d->count() > kMaxSeconds) f.fail(key, "is too long");
            out = *d;
        }
    };
    if (auto p = f.path("ca_file")) n.ca_file = *p;
    seconds("connect_timeout", n.connect_timeout);
    seconds("low_speed_time", n.low_speed_time);
    if (auto s = f.size("low_speed_limit")) {
        if (*s > static_cast<std::uint64_t>(std::numeric_limits<long>::max()))
            f.fail("low_speed_limit", "is too large");
        n.low_speed_limit = static_cast<long>(*s);
    }
    if (auto r = f.integer("retries")) {
        if (*r < 0 || *r > 20) f.fail("retries", "must be between 0 and 20");
        n.retries = static_cast<int>(*r);
    }
    return n;
}

std::string with_trailing_slash(std::string s) {
    if (!s.empty() && s.back() != '/') s += '/';
    return s;
}

LocalSettings read_local(Fields& f) {
    LocalSettings s;
    s.folder = f.path("folder").value_or(data_dir() / "uploads");
    s.public_base_url = with_trailing_slash(f.http_url("public_base_url", false));
    return s;
}

WebdavSettings read_webdav(Fields& f) {
    WebdavSettings s;
    s.url = with_trailing_slash(f.http_url("url", true));
    s.username = f.string("username").value_or("");
    s.password = f.secret("password", false);
    if (s.password.present() && s.username.empty()) f.fail("username", "is missing (a password is set)");
    s.public_base_url = with_trailing_slash(f.http_url("public_base_url", false));
    return s;
}

// <bucket>.<IP address> resolves nowhere, and a server at home (MinIO, Garage, SeaweedFS) named
// by its address or "localhost" rarely serves buckets as subdomains: path style there, as the
// AWS SDKs do for IP endpoints.
bool path_style_by_default(const std::string& host) {
    in6_addr v6{};
    in_addr v4{};
    if (::inet_pton(AF_INET, host.c_str(), &v4) == 1 || ::inet_pton(AF_INET6, host.c_str(), &v6) == 1) return true;
    std::string h = host;
    for (auto& c : h) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    while (!h.empty() && h.back() == '.') h.pop_back();
    return h == "localhost" || h.ends_with(".localhost");
}

S3Settings read_s3(Fields& f) {
    S3Settings s;
    s.endpoint = f.http_url("endpoint", true);
    {
        Url u = parse_url(s.endpoint);
        if (u.path != "/" && !u.path.empty())
            f.fail("endpoint", "must be scheme://host[:port] without a path; put the bucket in \"bucket\"");
        if (!u.query.empty()) f.fail("endpoint", "must not have a query");
    }
    s.region = f.string("region").value_or(s.region);
    if (s.region.empty()) f.fail("region", "is empty");
    s.bucket = f.required_string("bucket");
    for (char c : s.bucket)
        if (c == '/' || static_cast<unsigned char>(c) < 0x20 || c == ' ')
            f.fail("bucket", "is not a valid bucket name");
    s.prefix = f.string("prefix").value_or("");
    s.path_style = f.boolean("path_style").value_or(path_style_by_default(parse_url(s.endpoint).host));
    s.access_key = f.secret("access_key", true);
    s.secret_key = f.secret("secret_key", true);
    s.session_token = f.secret("session_token", false);
    const std::string link = f.string("link").value_or("presigned");
    if (link == "presigned") {
        s.link = S3LinkMode::presigned;
    } else if (link == "public") {
        s.link = S3LinkMode::public_url;
    } else {
        f.fail("link", "must be \"presigned\" or \"public\" (got \"" + link + "\")");
    }
    if (auto e = f.duration("expires")) s.expires = *e;
    // SigV4 presigned URLs are valid for at most 7 days.
    if (s.link == S3LinkMode::presigned && s.expires > std::chrono::hours(24 * 7))
        f.fail("expires", "must be at most 7d for presigned links");
    s.public_base_url = with_trailing_slash(f.http_url("public_base_url", false));
    if (s.link == S3LinkMode::public_url && s.public_base_url.empty())
        f.fail("public_base_url", "is missing (link = \"public\" needs it)");
    s.content_type = f.string("content_type").value_or("");
    if (auto v = f.size("multipart_threshold")) s.multipart_threshold = *v;
    if (auto v = f.size("part_size")) s.part_size = *v;
    // S3's own limits: parts of 5 MiB..5 GiB (the last may be smaller), at most 10000 of them.
    if (s.part_size < (5ull << 20) || s.part_size > (5ull << 30)) f.fail("part_size", "must be between 5MiB and 5GiB");
    if (auto v = f.integer("parallel")) {
        if (*v < 1 || *v > 32) f.fail("parallel", "must be between 1 and 32");
        s.parallel = static_cast<int>(*v);
    }
    return s;
}

SxcuSettings read_sxcu(Fields& f) {
    SxcuSettings s;
    auto file = f.path("file");
    if (!file) f.fail("file", "is missing (the .sxcu file, relative to the config folder)");
    s.file = *file;
    return s;
}

// `url = "…"`, or `url_env` / `url_file` (the URL carries the webhook's token).
SecretUrl read_secret_url(Fields& f) {
    SecretUrl u;
    u.ref = f.secret("url", false);
    u.inline_url = f.string("url").value_or("");
    const int given = (u.inline_url.empty() ? 0 : 1) + (u.ref.present() ? 1 : 0);
    if (given == 0) f.fail("url", "is missing (or url_env / url_file)");
    if (given > 1) f.fail("url", "and url_env/url_file are both set; keep one");
    if (!u.inline_url.empty()) {
        try {
            Url parsed = parse_url(u.inline_url);
            if (parsed.scheme != "http" && parsed.scheme != "https")
                f.fail("url", "must be an http:// or https:// URL");
        } catch (const Error& e) {
            if (std::string(e.what()).starts_with(f.context())) throw;
            f.fail("url", "is not a valid URL");  // the URL itself is a secret: not repeated
        }
    }
    return u;
}

DiscordSettings read_discord(Fields& f) {
    DiscordSettings s;
    s.webhook = read_secret_url(f);
    s.message = f.string("message").value_or("");
    s.username = f.string("username").value_or("");
    s.thread_id = f.string("thread_id").value_or("");
    return s;
}

SlackSettings read_slack(Fields& f) {
    SlackSettings s;
    s.token = f.secret("token", true);
    s.channel_id = f.required_string("channel_id");
    if (auto api = f.string("api_url")) s.api_url = with_trailing_slash(f.http_url("api_url", true));
    s.initial_comment = f.string("initial_comment").value_or("");
    return s;
}

WebhookSettings read_webhook(Fields& f) {
    WebhookSettings s;
    s.webhook = read_secret_url(f);
    const std::string format = f.string("format").value_or("slack");
    if (format == "slack")
        s.format = WebhookFormat::slack;
    else if (format == "mattermost")
        s.format = WebhookFormat::mattermost;
    else if (format == "teams")
        s.format = WebhookFormat::teams;
    else
        f.fail("format", "must be \"slack\", \"mattermost\" or \"teams\" (got \"" + format + "\")");
    s.upload_to = f.required_string("upload_to");
    return s;
}

// A webhook entry names the destination that stores the file; give it a copy of that entry.
void link_webhook_targets(Config& config, const std::string& label) {
    for (auto& d : config.destinations) {
        auto* hook = std::get_if<WebhookSettings>(&d.settings);
        if (!hook) continue;
        const std::string where = d.context + ": field \"upload_to\"";
        if (hook->upload_to == d.name) throw Error(where + " names this destination itself");
        const DestinationConfig* target = nullptr;
        for (const auto& other : config.destinations)
            if (other.name == hook->upload_to) target = &other;
        if (!target) {
            std::string known;
            for (const auto& other : config.destinations)
                if (other.name != d.name) known += (known.empty() ? "" : ", ") + other.name;
            throw Error(where + ": no destination named \"" + hook->upload_to + "\" in " + label +
                        " (known: " + (known.empty() ? "none" : known) + ")");
        }
        if (std::holds_alternative<WebhookSettings>(target->settings))
            throw Error(where + ": \"" + hook->upload_to + "\" is a webhook too; name one that stores files");
        hook->target = std::make_shared<const DestinationConfig>(*target);
    }
}

DestinationConfig read_destination(const std::string& name, const toml::table& table, const std::string& file_label,
                                   const fs::path& base_dir) {
    DestinationConfig d;
    d.name = name;
    d.context = file_label + ": destination \"" + name + "\"";
    Fields f(table, d.context, base_dir);
    d.kind = f.required_string("kind");
    const bool foldered = d.kind == "local" || d.kind == "webdav" || d.kind == "s3";
    const std::optional<bool> share_page = foldered ? f.boolean("share_page") : std::nullopt;
    if (d.kind == "local") {
        d.settings = read_local(f);
    } else if (d.kind == "webdav") {
        d.network = read_network(f);
        d.settings = read_webdav(f);
    } else if (d.kind == "s3") {
        d.network = read_network(f);
        d.settings = read_s3(f);
    } else if (d.kind == "sxcu") {
        d.network = read_network(f);
        d.settings = read_sxcu(f);
    } else if (d.kind == "discord") {
        d.network = read_network(f);
        d.settings = read_discord(f);
    } else if (d.kind == "slack") {
        d.network = read_network(f);
        d.settings = read_slack(f);
    } else if (d.kind == "webhook") {
        d.network = read_network(f);
        d.settings = read_webhook(f);
    } else {
        f.fail("kind", "\"" + d.kind + "\" is unknown (known: local, s3, webdav, sxcu, discord, slack, webhook)");
    }
    f.reject_unknown(d.kind);
    // The kinds that hold files in folders of their own can serve a share page beside the video:
    // by default the remote ones (a link that is pasted somewhere) and a local folder that is
    // served (public_base_url); a plain local copy keeps its file:// link to the video.
    if (foldered)
        d.share_page = share_page.value_or(d.kind != "local" || !std::get<LocalSettings>(d.settings).public_base_url.empty());
    return d;
}

Config implicit_local_config() {
    Config c;
    DestinationConfig d;
    d.name = "local";
    d.kind = "local";
    d.context = "destination \"local\" (implicit: no config file)";
    d.settings = LocalSettings{data_dir() / "uploads", ""};
    c.default_name = "local";
    c.destinations.push_back(std::move(d));
    return c;
}

}  // namespace

const DestinationConfig& Config::find(const std::string& name) const {
    for (const auto& d : destinations)
        if (d.name == name) return d;
    std::string known;
    for (const auto& d : destinations) known += (known.empty() ? "" : ", ") + d.name;
    const std::string where = path.empty() ? std::string("no config file") : path.string();
    throw Error(where + ": no destination named \"" + name + "\" (known: " + (known.empty() ? "none" : known) + ")");
}

const DestinationConfig& Config::select(const std::string& name) const {
    if (!name.empty()) return find(name);
    if (!default_name.empty()) return find(default_name);
    if (destinations.size() == 1) return destinations.front();
    throw Error(path.string() + ": no default destination: set default = \"NAME\" or pass --to NAME");
}

fs::path default_config_path() {
    return xdg_dir("XDG_CONFIG_HOME", ".config") / "clipnote" / "config.toml";
}

fs::path data_dir() {
    return xdg_dir("XDG_DATA_HOME", ".local/share") / "clipnote";
}

Config parse_config(const std::string& toml_text, const fs::path& path) {
    const std::string label = path.string();
    toml::table root;
    try {
        root = toml::parse(toml_text, label);
    } catch (const toml::parse_error& e) {
        const auto& where = e.source().begin;
        throw Error(label + ":" + std::to_string(where.line) + ":" + std::to_string(where.column) + ": " +
                    std::string(e.description()));
    }
    Config config;
    config.path = path;
    const fs::path base_dir = path.parent_path();
    for (const auto& [key, node] : root) {
        const std::string k(key.str());
        if (k == "default") {
            auto v = node.value<std::string>();
            if (!v) throw Error(label + ": field \"default\" must be a string");
            config.default_name = *v;
        } else if (k == "destination") {
            const toml::table* all = node.as_table();
            if (!all) throw Error(label + ": \"destination\" must be a table of [destination.NAME] entries");
            for (const auto& [name, entry] : *all) {
                const toml::table* t = entry.as_table();
                const std::string n(name.str());
                if (!t) throw Error(label + ": destination \"" + n + "\" must be a table");
                config.destinations.push_back(read_destination(n, *t, label, base_dir));
            }
        } else if (k == "capture" || k == "hotkeys" || k == "app") {
            // The desktop app's settings live in the same file (app/gui/app_settings.h).
        } else {
            throw Error(label + ": field \"" + k +
                        "\" is not known (expected \"default\", [destination.NAME], [capture], [hotkeys], [app])");
        }
    }
    if (config.destinations.empty()) {
        // Only app settings in the file: share to the implicit local folder, as with no file.
        if (!config.default_name.empty()) throw Error(label + ": no [destination.NAME] entries");
        Config local = implicit_local_config();
        local.path = path;
        return local;
    }
    link_webhook_targets(config, label);
    if (!config.default_name.empty()) config.find(config.default_name);  // names the known ones if wrong
    return config;
}

Config load_config(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path.string() + ": cannot read the config file");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_config(text.str(), path);
}

Config load_config_or_default(const fs::path& explicit_path) {
    if (!explicit_path.empty()) return load_config(fs::absolute(explicit_path));
    const fs::path path = default_config_path();
    std::error_code ec;
    if (fs::exists(path, ec)) return load_config(path);
    return implicit_local_config();
}

std::chrono::seconds parse_duration(const std::string& text) {
    std::size_t used = 0;
    long long n = 0;
    try {
        n = std::stoll(text, &used);
    } catch (const std::exception&) {
        throw Error("\"" + text + "\" is not a duration (e.g. \"7d\", \"12h\", \"30m\", \"45s\")");
    }
    const std::string unit = text.substr(used);
    long long factor = 0;
    if (unit.empty() || unit == "s")
        factor = 1;
    else if (unit == "m")
        factor = 60;
    else if (unit == "h")
        factor = 3600;
    else if (unit == "d")
        factor = 86400;
    else if (unit == "w")
        factor = 7 * 86400;
    if (factor == 0 || n <= 0)
        throw Error("\"" + text + "\" is not a duration (e.g. \"7d\", \"12h\", \"30m\", \"45s\")");
    if (n > std::numeric_limits<long long>::max() / factor) throw Error("\"" + text + "\" is too long a duration");
    return std::chrono::seconds(n * factor);
}

}  // namespace clipnote::upload
