#include "app/cli/status_line.h"

#include <cstdio>

namespace clipnote::cli {

std::string format_bytes(int64_t bytes) {
    char buf[32];
    if (bytes >= 1'000'000'000) std::snprintf(buf, sizeof buf, "%.2f GB", bytes / 1e9);
    else if (bytes >= 1'000'000) std::snprintf(buf, sizeof buf, "%.1f MB", bytes / 1e6);
    else std::snprintf(buf, sizeof buf, "%.0f kB", bytes / 1e3);
    return buf;
}

std::string format_duration(double seconds) {
    const int total = int(seconds);
    char buf[32];
    if (total >= 3600) std::snprintf(buf, sizeof buf, "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60);
    else std::snprintf(buf, sizeof buf, "%02d:%02d.%d", total / 60, total % 60, int(seconds * 10) % 10);
    return buf;
}

std::string status_line(const RecorderSnapshot& s) {
    const char* label = s.state == RecorderState::paused      ? "PAUSED"
                        : s.state == RecorderState::recording ? "REC"
                                                              : to_string(s.state);
    char buf[160];
    std::snprintf(buf, sizeof buf, "%s %s  %s  %.0f fps  %llu dropped  %llu duplicated", label,
                  format_duration(s.elapsed_s).c_str(), format_bytes(s.bytes).c_str(), s.fps,
                  static_cast<unsigned long long>(s.dropped), static_cast<unsigned long long>(s.duplicated));
    std::string line = buf;
    if (s.bad_packets) line += "  " + bad_packets_text(s);
    return line;
}

std::string bad_packets_text(const RecorderSnapshot& s) {
    if (s.bad_packets == 0) return "";
    return std::to_string(s.bad_packets) + (s.bad_packets == 1 ? " bad packet" : " bad packets") + " skipped";
}

}  // namespace clipnote::cli
