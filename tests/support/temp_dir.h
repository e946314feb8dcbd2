// Scratch directories for tests: created fresh, removed with everything in them.
#pragma once

#include <string>

namespace clipnote::test {

// Creates a new private directory "$TMPDIR/<prefix>XXXXXX" (TMPDIR defaults to /tmp) and returns
// its path. Throws std::runtime_error if it cannot.
std::string make_temp_dir(const std::string& prefix);

// Owns a directory made by make_temp_dir and removes it recursively when destroyed.
// Set CLIPNOTE_KEEP_TEMP=1 in the environment to keep it for a post-mortem.
class TempDir {
public:
    explicit TempDir(const std::string& prefix = "clipnote-test-");
    ~TempDir();
    TempDir(TempDir&& other) noexcept;
    TempDir& operator=(TempDir&& other) noexcept;
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::string& path() const { return path_; }
    // path() + "/" + name, for files inside the directory.
    std::string file(const std::string& name) const { return path_ + "/" + name; }

private:
    void remove() noexcept;
    std::string path_;
};

}  // namespace clipnote::test
