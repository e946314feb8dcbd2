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

// The server no longer knows the resumable upload the caller named (S3: NoSuchUpload, because it
// was aborted or expired): the stored upload id is useless, the next attempt must start afresh.
class UploadGoneError : public Error {
public:
    using Error::Error;
};

}  // namespace clipnote::upload
