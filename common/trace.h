#pragma once
// CLIPNOTE_TRACE=1 prints "clipnote-trace EVENT WALL_US" lines on stderr: the moments the bench
// scripts compare with the moment they pressed a key, and the phases of a slow start-up.
// Wall-clock microseconds, so a script can subtract its own `date +%s%N`.
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "common/clock.h"

namespace clipnote {

inline void trace_event(const char* event, int64_t at_monotonic_us = monotonic_us()) {
    static const bool on = std::getenv("CLIPNOTE_TRACE") != nullptr;
    if (!on) return;
    using namespace std::chrono;
    const int64_t wall_now = duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
    std::fprintf(stderr, "clipnote-trace %s %lld\n", event, (long long)(wall_now - (monotonic_us() - at_monotonic_us)));
}

}  // namespace clipnote
