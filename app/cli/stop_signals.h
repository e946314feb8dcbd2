#pragma once
// Ctrl-C and SIGTERM ask a recording to stop cleanly. The handler only writes to a pipe; the main
// thread waits on that pipe (with a timeout for the status line), so no work happens in a handler.
namespace clipnote::cli {

class StopSignals {
public:
    StopSignals();   // installs SIGINT/SIGTERM handlers
    ~StopSignals();  // restores the defaults
    // Waits up to `timeout_ms` for a signal; true when one arrived.
    bool wait(int timeout_ms);
    // Wakes wait() without a signal (safe from any thread).
    static void wake();
};

}  // namespace clipnote::cli
