#pragma once
// Writing files that may hold secrets (an imported .sxcu carries API keys; config.toml may hold
// keys too): created with mode 0600 from the first byte, whatever the umask, and an existing
// file made 0600 before anything more is written to it. A write that fails leaves no partial
// file (a new one is removed, an appended one cut back).
#include <filesystem>
#include <string_view>

namespace clipnote::upload {

// Creates `file` or replaces its contents. Throws Error("<file>: cannot write: <reason>").
void write_private_file(const std::filesystem::path& file, std::string_view bytes);
// Appends to `file`, creating it when absent.
void append_private_file(const std::filesystem::path& file, std::string_view bytes);
// chmod 0600 an existing file.
void make_private(const std::filesystem::path& file);

}  // namespace clipnote::upload
