#pragma once
// Builds the Destination a config entry describes, reading its secrets now.
#include <memory>

#include "upload/config.h"
#include "upload/destination.h"

namespace clipnote::upload {

// Throws Error naming the destination and field (a missing secret, a kind not implemented yet).
std::unique_ptr<Destination> make_destination(const DestinationConfig& config);

// One line about the entry for `destinations list`, read from the config alone (no secrets
// needed, none shown): "s3 bucket \"recordings\" at https://…, presigned links valid 7d".
std::string describe_destination(const DestinationConfig& config);

}  // namespace clipnote::upload
