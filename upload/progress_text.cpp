#include "upload/progress_text.h"

#include <cstdio>

namespace clipnote::upload {

std::string format_size(std::uint64_t bytes) {
    char buf[32];
    const double b = static_cast<double>(bytes);
    if (bytes >= 1'000'000'000)
        std::snprintf(buf, sizeof buf, "%.2f GB", b / 1e9);
    else if (bytes >= 1'000'000)
        std::snprintf(buf, sizeof buf, "%.1f MB", b / 1e6);
    else if (bytes >= 1'000)
        std::snprintf(buf, sizeof buf, "%.1f kB", b / 1e3);
    else
        std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(bytes));
    return buf;
}

std::string progress_text(std::uint64_t done, std::uint64_t total, double elapsed_s) {
    std::string text = format_size(done) + " / " + format_size(total);
    if (total > 0) text += "  " + std::to_string(done * 100 / total) + "%";
    if (elapsed_s >= 0.5 && done > 0) {
        const double rate = static_cast<double>(done) / elapsed_s;
        text += "  " + format_size(static_cast<std::uint64_t>(rate)) + "/s";
        if (done < total) {
            const long eta = static_cast<long>(static_cast<double>(total - done) / rate + 0.5);
            text += "  ETA " + (eta >= 60 ? std::to_string(eta / 60) + " min " + std::to_string(eta % 60) + " s"
                                          : std::to_string(eta) + " s");
        }
    }
    return text;
}

}  // namespace clipnote::upload
