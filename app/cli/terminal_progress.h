#pragma once
// The upload progress line on a terminal (bytes, rate, ETA; at most 10 draws a second) and the
// retry notes, shared by every command that uploads.
#include <chrono>
#include <mutex>

#include "upload/destination.h"

namespace clipnote::cli {

class TerminalProgress : public upload::Progress {
public:
    explicit TerminalProgress(bool live);
    void on_bytes(std::uint64_t done, std::uint64_t total) override;
    void on_note(const std::string& text) override;
    void finish();  // clears the line
    double seconds() const;

private:
    void clear_line();
    bool live_;
    std::chrono::steady_clock::time_point start_, last_draw_{};
    std::mutex mutex_;
    bool drawn_ = false;
};

}  // namespace clipnote::cli
