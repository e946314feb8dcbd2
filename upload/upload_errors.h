#pragma once
// Failures a caller may act on, beyond "it failed": each is still an Error with one clear line.
#include "common/error.h"

namespace clipnote::upload {

// The service refused the file for its size (HTTP 413): the caller can offer to re-encode it
// smaller or to try the next destination. Nothing was stored.
class FileTooLargeError : public Error {
public:
    using Error::Error;
};

}  // namespace clipnote::upload
