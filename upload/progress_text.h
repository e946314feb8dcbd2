#pragma once
// The words of an upload's progress line, for any shell to print: "12.3 MB / 50.0 MB  4.1 MB/s  ETA 9 s".
#include <cstdint>
#include <string>

namespace clipnote::upload {

std::string format_size(std::uint64_t bytes);  // "950 B", "12.3 kB", "4.1 MB", "1.20 GB"
// `elapsed_s` since the upload started; rate and ETA are left out until they mean something.
std::string progress_text(std::uint64_t done, std::uint64_t total, double elapsed_s);

}  // namespace clipnote::upload
