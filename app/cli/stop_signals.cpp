#include "app/cli/stop_signals.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <csignal>

namespace clipnote::cli {

namespace {

int pipe_fds[2] = {-1, -1};

volatile sig_atomic_t signalled = 0;

void on_signal(int) {
    signalled = 1;
    const char c = 1;
    [[maybe_unused]] auto n = write(pipe_fds[1], &c, 1);
}

}  // namespace

StopSignals::StopSignals() {
    if (pipe2(pipe_fds, O_CLOEXEC | O_NONBLOCK) != 0) return;
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
}

StopSignals::~StopSignals() {
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    close(pipe_fds[0]);
    close(pipe_fds[1]);
}

bool StopSignals::wait(int timeout_ms) {
    pollfd p{pipe_fds[0], POLLIN, 0};
    if (poll(&p, 1, timeout_ms) > 0) {
        char buf[16];
        while (read(pipe_fds[0], buf, sizeof buf) > 0) {
        }
    }
    const bool got = signalled;
    signalled = 0;
    return got;
}

void StopSignals::wake() {
    const char c = 0;
    [[maybe_unused]] auto n = write(pipe_fds[1], &c, 1);
}

}  // namespace clipnote::cli
