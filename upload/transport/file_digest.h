#pragma once
// SHA-256 (for the SigV4 payload hash) and MD5 (Content-MD5, compared with S3's ETag) of a byte
// range of a file, in one read.
#include <cstdint>
#include <filesystem>
#include <string>

namespace clipnote::upload {

struct FileDigest {
    std::string sha256_hex;
    std::string md5;  // raw 16 bytes
};

// Throws Error when the file cannot be read or is shorter than offset + length.
FileDigest digest_file_range(const std::filesystem::path& file, std::uint64_t offset, std::uint64_t length);

}  // namespace clipnote::upload
