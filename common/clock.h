#pragma once
// The one clock of a recording: every input stamps its frames with it at capture, and the
// synchronizer places them on the output timeline by it. Monotonic, in microseconds.
#include <chrono>
#include <cstdint>

namespace clipnote {

inline int64_t monotonic_us() {
    using namespace std::chrono;
    return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace clipnote
