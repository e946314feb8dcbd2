#pragma once
// The per-destination options of the HTTP layer (TLS trust, timeouts, retries). Its own header so
// the transport layer needs nothing from config.h, which knows every destination kind.
#include <chrono>
#include <filesystem>

namespace clipnote::upload {

// Options every kind that talks HTTP understands.
struct NetworkSettings {
    std::filesystem::path ca_file;  // extra trust anchors; verification stays on
    std::chrono::seconds connect_timeout{15};
    std::chrono::seconds low_speed_time{30};  // abort when below low_speed_limit this long
    long low_speed_limit = 1;                 // bytes per second
    int retries = 5;                          // attempts after the first one
};

}  // namespace clipnote::upload
