#include "support/x_animator_process.h"

#include <cstdlib>
#include <stdexcept>
#include <thread>

#include "support/xvfb_session.h"

#ifndef CLIPNOTE_X_ANIMATOR_PATH
#define CLIPNOTE_X_ANIMATOR_PATH "x_animator"  // then found in PATH
#endif

namespace clipnote::test {

std::string x_animator_path() {
    const char* env = std::getenv("CLIPNOTE_X_ANIMATOR");
    return env && *env ? env : CLIPNOTE_X_ANIMATOR_PATH;
}

XAnimator::XAnimator(const XvfbSession& session, std::string mode, std::string title,
                     std::string geometry)
    : mode_(std::move(mode)), title_(std::move(title)) {
    std::vector<std::string> argv{x_animator_path(), "--title", title_, "--mode", mode_};
    if (!geometry.empty()) {
        argv.push_back("--geometry");
        argv.push_back(geometry);
    }
    process_ = std::make_unique<ChildProcess>(argv, session.env());

    // The helper prints "ready 0x<id>" only after MapNotify and its first drawing reached the
    // server, so once we see it a screen grab shows the window's content.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    for (;;) {
        std::string out = process_->stdout_text();
        auto pos = out.find("ready 0x");
        if (pos != std::string::npos && out.find('\n', pos) != std::string::npos) {
            window_id_ = std::strtoul(out.c_str() + pos + 6, nullptr, 16);
            auto t0 = out.find("monotonic=", pos);
            if (t0 != std::string::npos)
                start_monotonic_s_ = std::strtod(out.c_str() + t0 + 10, nullptr);
            return;
        }
        if (!process_->running())
            throw std::runtime_error("x_animator (" + mode_ + ") exited with code " +
                                     std::to_string(process_->exit_code().value_or(-1)) + ": " +
                                     process_->stderr_text());
        if (std::chrono::steady_clock::now() > deadline)
            throw std::runtime_error("x_animator (" + mode_ +
                                     ") not ready within 10 s: " + process_->stderr_text());
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

XAnimator::~XAnimator() = default;  // ChildProcess sends SIGTERM; the helper exits cleanly

}  // namespace clipnote::test
