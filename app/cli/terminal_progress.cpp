#include "app/cli/terminal_progress.h"

#include <iostream>

#include "upload/progress_text.h"

namespace clipnote::cli {

TerminalProgress::TerminalProgress(bool live) : live_(live), start_(std::chrono::steady_clock::now()) {}

void TerminalProgress::on_bytes(std::uint64_t done, std::uint64_t total) {
    if (!live_) return;
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (done < total && now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    std::cerr << "\r\033[K" << upload::progress_text(done, total, seconds()) << std::flush;
    drawn_ = true;
}

void TerminalProgress::on_note(const std::string& text) {
    std::lock_guard lock(mutex_);
    clear_line();
    std::cerr << "note: " << text << "\n";
}

void TerminalProgress::finish() {
    std::lock_guard lock(mutex_);
    clear_line();
}

double TerminalProgress::seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void TerminalProgress::clear_line() {
    if (drawn_) std::cerr << "\r\033[K" << std::flush;
    drawn_ = false;
}

}  // namespace clipnote::cli
