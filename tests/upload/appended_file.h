// A file that grows like a recording's spool, for the uploads that send a file while it is written.
#pragma once

#include <cstdint>
#include <fstream>
#include <random>
#include <string>

namespace clipnote::test {

// Appended in chunks of random bytes, nothing rewritten.
class AppendedFile {
public:
    explicit AppendedFile(std::string path) : path_(std::move(path)), out_(path_, std::ios::binary) {}
    std::uint64_t append(std::uint64_t bytes) {
        std::string chunk(bytes, '\0');
        for (auto& c : chunk) c = static_cast<char>(rng_());
        out_.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        out_.flush();
        size_ += bytes;
        return size_;
    }
    std::uint64_t finish() {
        out_.close();
        return size_;
    }
    const std::string& path() const { return path_; }

private:
    std::string path_;
    std::ofstream out_;
    std::mt19937 rng_{7};
    std::uint64_t size_ = 0;
};

}  // namespace clipnote::test
