#pragma once
// Shared by the end-to-end tests: run the real `clipnote` binary against a private Xvfb and
// PulseAudio, then look at what it wrote.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "support/child_process.h"
#include "support/media_probe.h"
#include "support/pulse_session.h"
#include "support/temp_dir.h"
#include "support/xvfb_session.h"

namespace clipnote::test {

inline std::string clipnote_binary() { return CLIPNOTE_BINARY; }

inline EnvVars merge(EnvVars a, const EnvVars& b) {
    for (const auto& [k, v] : b) a[k] = v;
    return a;
}

// `env` plus private XDG folders, so recordings, history and config stay out of the home folder
// of whoever runs the tests.
inline EnvVars isolated(EnvVars env = {}) {
    static const TempDir home("clipnote-test-home-");
    for (const char* var : {"XDG_VIDEOS_DIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME"})
        if (!env.count(var)) env[var] = home.path() + "/" + var;
    return env;
}

// Runs `clipnote ARGS...` and returns its exit code and output.
inline RunResult run_clipnote(const std::vector<std::string>& args, const EnvVars& env = {},
                          std::chrono::seconds timeout = std::chrono::seconds(60)) {
    std::vector<std::string> argv{clipnote_binary()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(argv, isolated(env), timeout);
}

// The whole of stderr is one line (the brief: bad input gets one clear line).
inline bool is_one_line(const std::string& text) {
    return !text.empty() && text.find('\n') == text.size() - 1;
}

inline void require_success(const RunResult& r) {
    INFO("stdout: " << r.out);
    INFO("stderr: " << r.err);
    REQUIRE(r.exit_code == 0);
}

}  // namespace clipnote::test
