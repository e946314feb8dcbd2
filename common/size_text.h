#pragma once
// Sizes as people write them: "16MiB", "100MB", "2 MB", "500k", or a bare number of bytes (MB and
// M = 10^6, MiB = 2^20; any case). Used by the config file and by --max-size.
#include <cctype>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include "common/error.h"

namespace clipnote {

// Units in any case: "2mb", "2MB", "16mib".
inline bool same_unit(const std::string& a, const char* b) {
    const std::string bs = b;
    if (a.size() != bs.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(bs[i]))) return false;
    return true;
}

inline std::uint64_t parse_size(const std::string& text) {
    std::size_t used = 0;
    unsigned long long n = 0;
    // std::stoull reads "-4" as 2^64 - 4.
    const std::size_t first = text.find_first_not_of(" \t\n\v\f\r");
    if (first == std::string::npos || text[first] == '-')
        throw Error("\"" + text + "\" is not a size (e.g. \"16MiB\", \"100MB\")");
    try {
        n = std::stoull(text, &used);
    } catch (const std::exception&) {
        throw Error("\"" + text + "\" is not a size (e.g. \"16MiB\", \"100MB\")");
    }
    std::string unit = text.substr(used);
    while (!unit.empty() && unit.front() == ' ') unit.erase(0, 1);
    static const std::pair<const char*, std::uint64_t> units[] = {{"", 1},
                                                                  {"B", 1},
                                                                  {"K", 1000},
                                                                  {"KB", 1000},
                                                                  {"KiB", 1ull << 10},
                                                                  {"M", 1000000},
                                                                  {"MB", 1000000},
                                                                  {"MiB", 1ull << 20},
                                                                  {"G", 1000000000},
                                                                  {"GB", 1000000000},
                                                                  {"GiB", 1ull << 30}};
    for (const auto& [name, factor] : units) {
        if (!same_unit(unit, name) || n == 0) continue;
        if (n > std::numeric_limits<std::uint64_t>::max() / factor) throw Error("\"" + text + "\" is too large a size");
        return n * factor;
    }
    throw Error("\"" + text + "\" is not a size (e.g. \"16MiB\", \"100MB\")");
}

}  // namespace clipnote
