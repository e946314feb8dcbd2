#include "upload/transport/crypto.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "common/error.h"

namespace clipnote::upload {

struct Digest::Impl {
    struct CtxFree {
        void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
    };
    std::unique_ptr<EVP_MD_CTX, CtxFree> ctx;
    const EVP_MD* md = nullptr;
};

Digest::Digest(const char* algorithm) : impl_(std::make_unique<Impl>()) {
    impl_->md = EVP_get_digestbyname(algorithm);
    impl_->ctx.reset(EVP_MD_CTX_new());
    if (!impl_->md || !impl_->ctx || EVP_DigestInit_ex(impl_->ctx.get(), impl_->md, nullptr) != 1)
        throw Error(std::string("EVP_DigestInit_ex(") + algorithm + ") failed");
}

Digest::~Digest() = default;

void Digest::update(const void* data, std::size_t size) {
    if (EVP_DigestUpdate(impl_->ctx.get(), data, size) != 1) throw Error("EVP_DigestUpdate failed");
}

std::string Digest::finish() {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_DigestFinal_ex(impl_->ctx.get(), out, &len) != 1) throw Error("EVP_DigestFinal_ex failed");
    EVP_DigestInit_ex(impl_->ctx.get(), impl_->md, nullptr);
    return std::string(reinterpret_cast<char*>(out), len);
}

std::string sha256(std::string_view data) {
    Digest d("SHA256");
    d.update(data);
    return d.finish();
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
              reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len))
        throw Error("HMAC(SHA256) failed");
    return std::string(reinterpret_cast<char*>(out), len);
}

std::string to_hex(std::string_view bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

std::string to_base64(std::string_view bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::string random_bytes(std::size_t count) {
    std::string out(count, '\0');
    if (count > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(count)) != 1)
        throw Error("the system's random number generator failed (RAND_bytes)");
    return out;
}

}  // namespace clipnote::upload
