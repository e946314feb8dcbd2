// Waiting for what the app did instead of for a guessed time: its CLIPNOTE_TRACE=1 lines
// ("clipnote-trace EVENT WALL_US" on stderr, common/trace.h) and, for what lands on disk where
// no event is traced, a condition polled up to a deadline.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

namespace clipnote::test {

// Polls `holds` (every 50 ms) until it is true or `timeout` has passed; returns its last answer.
template <class Condition>
bool eventually(Condition holds, std::chrono::milliseconds timeout) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        if (holds()) return true;
        if (std::chrono::steady_clock::now() >= end) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

// When a traced event happened: the wall clock, as the trace line gives it.
using WallTime = std::chrono::system_clock::time_point;

inline int64_t wall_us(WallTime t) {
    return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

// The wall times (us) of the complete "clipnote-trace EVENT WALL_US" lines in `err` (a process's
// stderr) from offset `from` on, in the order written.
inline std::vector<int64_t> trace_times(const std::string& err, const std::string& event, size_t from = 0) {
    std::vector<int64_t> times;
    const std::string needle = "clipnote-trace " + event + " ";
    for (size_t at = err.find(needle, from); at != std::string::npos; at = err.find(needle, at + 1)) {
        if (at > 0 && err[at - 1] != '\n') continue;
        const size_t eol = err.find('\n', at);
        if (eol == std::string::npos) break;  // still being written
        times.push_back(std::stoll(err.substr(at + needle.size(), eol - at - needle.size())));
    }
    return times;
}

// Whether the app's last word on the keyboard focus (its "focused" / "unfocused" lines, from
// SDL's window events) is that it has it.
inline bool traced_focus(const std::string& err) {
    const size_t in = err.rfind("clipnote-trace focused "), out = err.rfind("clipnote-trace unfocused ");
    return in != std::string::npos && (out == std::string::npos || in > out);
}

}  // namespace clipnote::test
