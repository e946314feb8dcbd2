// Runs other programs (Xvfb, pulseaudio, ffmpeg, the clipnote CLI) from tests and always cleans
// them up: a ChildProcess that goes out of scope takes its whole process group with it.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "support/temp_dir.h"

namespace clipnote::test {

using EnvVars = std::map<std::string, std::string>;

struct SpawnOptions {
    bool stdin_from_devnull = true;  // false: the child shares the test's stdin
    std::string working_dir;         // empty: the test's current directory
};

// One child process, started in the constructor (fork + exec) in its own process group, with
// stdout and stderr going to files in a private temp dir. Not thread-safe: use it from one thread.
class ChildProcess {
public:
    // argv[0] is looked up in PATH (the child's PATH, if extra_env overrides it). extra_env is
    // added to, or overrides, the test's environment. Throws std::runtime_error if the program
    // cannot be executed (e.g. not found), with the reason.
    explicit ChildProcess(const std::vector<std::string>& argv, const EnvVars& extra_env = {},
                          const SpawnOptions& options = {});
    // Stops the child like stop() if it is still running; never throws.
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    pid_t pid() const { return pid_; }
    const std::vector<std::string>& argv() const { return argv_; }

    // True until the child has exited (its exit is then recorded).
    bool running();
    // Waits up to `timeout` for the child to exit. Returns its exit code, or 128+N if signal N
    // killed it, or nullopt if it is still running.
    std::optional<int> wait_for(std::chrono::milliseconds timeout);
    // The exit code once the child has exited and been waited for, else nullopt.
    std::optional<int> exit_code() const { return exit_code_; }

    // Sends `sig` to the child itself (e.g. SIGINT to ask the clipnote CLI to finish).
    // Does nothing once the child has exited.
    void send_signal(int sig);
    // Sends `sig` to the child's whole process group (the child and anything it started).
    void signal_group(int sig);
    // SIGTERM to the group, SIGKILL to the group after `grace`, then reaps; returns the exit code.
    int stop(std::chrono::milliseconds grace = std::chrono::seconds(2));

    // Everything written so far (the files grow while the child runs).
    std::string stdout_text() const;
    std::string stderr_text() const;
    const std::string& stdout_path() const { return stdout_path_; }
    const std::string& stderr_path() const { return stderr_path_; }

private:
    bool wait_exit(std::chrono::milliseconds timeout);  // exited (not yet reaped) within timeout?
    void reap();

    std::vector<std::string> argv_;
    TempDir output_dir_;
    std::string stdout_path_, stderr_path_;
    pid_t pid_ = -1;
    int pidfd_ = -1;  // lets wait_for sleep in poll() instead of spinning; -1 if unsupported
    std::optional<int> exit_code_;
};

struct RunResult {
    int exit_code = -1;      // as ChildProcess::wait_for; -1 if it timed out
    std::string out, err;    // everything it wrote to stdout / stderr
    bool timed_out = false;  // true: it was still running after `timeout` and was killed
};

// Runs argv to completion (stdin from /dev/null) and returns what it printed and its exit code.
// Throws std::runtime_error only if it cannot be started.
RunResult run_command(const std::vector<std::string>& argv, const EnvVars& env = {},
                      std::chrono::seconds timeout = std::chrono::seconds(60));

// Reads a whole file into a string ("" if it does not exist).
std::string read_text_file(const std::string& path);

}  // namespace clipnote::test
