#include "upload/transport/file_digest.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "common/error.h"
#include "upload/transport/crypto.h"

namespace clipnote::upload {

FileDigest digest_file_range(const std::filesystem::path& file, std::uint64_t offset, std::uint64_t length) {
    struct Closer {
        void operator()(std::FILE* f) const { std::fclose(f); }
    };
    std::unique_ptr<std::FILE, Closer> f(std::fopen(file.c_str(), "rb"));
    if (!f) throw Error("cannot read " + file.string() + ": " + std::strerror(errno));
    if (fseeko(f.get(), static_cast<off_t>(offset), SEEK_SET) != 0)
        throw Error("cannot seek in " + file.string() + ": " + std::strerror(errno));
    Digest sha("SHA256"), md5("MD5");
    std::vector<char> buffer(1 << 20);
    std::uint64_t left = length;
    while (left > 0) {
        const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(left, buffer.size()));
        const std::size_t got = std::fread(buffer.data(), 1, want, f.get());
        if (got == 0) throw Error("cannot read " + file.string() + ": it ended early or failed");
        sha.update(buffer.data(), got);
        md5.update(buffer.data(), got);
        left -= got;
    }
    return {to_hex(sha.finish()), md5.finish()};
}

}  // namespace clipnote::upload
