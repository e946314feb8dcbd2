#pragma once
// The upload configuration: named destinations read from $XDG_CONFIG_HOME/clipnote/config.toml
// (or a file given with --config). Destinations are data; secrets stay references until a
// destination is built (destination_factory.h), so `destinations list` works without them.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/size_text.h"

#include "upload/chat/share_settings.h"
#include "upload/transport/http_settings.h"
#include "upload/transport/secret.h"

namespace clipnote::upload {

struct LocalSettings {
    std::filesystem::path folder;
    std::string public_base_url;  // empty: the link is a file:// URI
};

struct WebdavSettings {
    std::string url;  // collection the files go into, ends with '/'
    std::string username;
    SecretRef password;
    std::string public_base_url;  // empty: the link is the uploaded file's own URL
};

enum class S3LinkMode { presigned, public_url };

struct S3Settings {
    std::string endpoint;  // scheme://host[:port], no path
    std::string region = "us-east-1";
    std::string bucket;
    std::string prefix;  // key prefix, e.g. "clips/"
    bool path_style = false;  // unset in the file: true for an IP address or localhost endpoint
    SecretRef access_key, secret_key, session_token;  // session_token optional
    S3LinkMode link = S3LinkMode::presigned;
    std::chrono::seconds expires{7 * 24 * 3600};
    std::string public_base_url;
    std::string content_type;  // empty: guessed from the file name
    std::uint64_t multipart_threshold = 64ull << 20;
    std::uint64_t part_size = 16ull << 20;
    int parallel = 4;  // parts in flight
};

struct DestinationConfig {
    std::string name;
    std::string kind;  // "local", "webdav", "s3", ...
    NetworkSettings network;
    // local, webdav, s3: a page (index.html) and a poster go beside each video, and the link is
    // the page's (upload/share_page/). Field "share_page", on by default where the kind can.
    bool share_page = false;
    std::variant<LocalSettings, WebdavSettings, S3Settings, SxcuSettings, DiscordSettings, SlackSettings,
                 WebhookSettings>
        settings;
    // "<config file>: destination \"<name>\"", the start of every message about this entry.
    std::string context;
};

struct Config {
    std::filesystem::path path;  // empty when no file exists (implicit local destination)
    std::string default_name;
    std::vector<DestinationConfig> destinations;

    // Throws Error naming the known destinations when `name` is not one of them.
    const DestinationConfig& find(const std::string& name) const;
    // `name` if not empty, else the default destination.
    const DestinationConfig& select(const std::string& name) const;
};

// $XDG_CONFIG_HOME/clipnote/config.toml (or ~/.config/clipnote/config.toml).
std::filesystem::path default_config_path();
// $XDG_DATA_HOME/clipnote (or ~/.local/share/clipnote): history, queue, local uploads.
std::filesystem::path data_dir();

// Reads `path`. Throws Error with one line naming the file, destination and field on any problem.
Config load_config(const std::filesystem::path& path);
// `explicit_path` if given (it must exist); else the default path if it exists; else a config
// with a single implicit "local" destination into data_dir()/uploads.
Config load_config_or_default(const std::filesystem::path& explicit_path = {});
// Parses TOML text as if read from `path` (relative paths resolve against its folder).
Config parse_config(const std::string& toml_text, const std::filesystem::path& path);

// "7d", "12h", "30m", "45s", or a bare number of seconds.
std::chrono::seconds parse_duration(const std::string& text);
using clipnote::parse_size;  // common/size_text.h

}  // namespace clipnote::upload
