#pragma once
// The hashes SigV4 and integrity checks need, over OpenSSL's EVP interface, and random bytes.
#include <memory>
#include <string>
#include <string_view>

namespace clipnote::upload {

// Incremental digest ("SHA256" or "MD5"); the EVP context is owned and freed with the object.
class Digest {
public:
    explicit Digest(const char* algorithm);
    ~Digest();
    Digest(const Digest&) = delete;
    Digest& operator=(const Digest&) = delete;
    void update(const void* data, std::size_t size);
    void update(std::string_view data) { update(data.data(), data.size()); }
    std::string finish();  // raw bytes; the object is reset for reuse

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

std::string sha256(std::string_view data);                             // raw 32 bytes
std::string hmac_sha256(std::string_view key, std::string_view data);  // raw 32 bytes
std::string to_hex(std::string_view bytes);                            // lower case
std::string to_base64(std::string_view bytes);
// `count` bytes from OpenSSL's CSPRNG (RAND_bytes); throws Error when it cannot deliver.
std::string random_bytes(std::size_t count);

}  // namespace clipnote::upload
