#pragma once
// `clipnote destinations test NAME`: a real round trip with a small file — upload, fetch the
// link, compare bytes, delete — so a bad key or URL shows up before a real recording needs it.
#include <string>

#include "upload/config.h"
#include "upload/destination.h"

namespace clipnote::upload {

struct ProbeResult {
    std::string url;            // the probe's link (already deleted on success)
    bool link_checked = false;  // false when the link cannot be fetched from here (e.g. a CDN not set up)
    std::string note;           // why the link was not checked, if so
};

// Throws Error (naming the destination) when the upload or the comparison fails.
ProbeResult probe_destination(const DestinationConfig& config, Destination& destination, Progress& progress);

// Fetches a link (http(s) with the destination's network settings, or file://) into memory.
// Throws Error on failure.
std::string fetch_link(const std::string& url, const NetworkSettings& network);

}  // namespace clipnote::upload
