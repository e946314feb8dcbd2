#include "support/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace clipnote::test {
namespace {

using Clock = std::chrono::steady_clock;

// A file descriptor that closes itself.
class Fd {
public:
    explicit Fd(int fd = -1) : fd_(fd) {}
    ~Fd() { reset(); }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }
    void reset(int fd = -1) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = fd;
    }

private:
    int fd_;
};

std::string errno_text(const std::string& what) { return what + ": " + std::strerror(errno); }

EnvVars merged_environment(const EnvVars& extra) {
    EnvVars env;
    for (char** e = environ; e && *e; ++e) {
        std::string kv(*e);
        auto eq = kv.find('=');
        if (eq != std::string::npos) env.emplace(kv.substr(0, eq), kv.substr(eq + 1));
    }
    for (const auto& [k, v] : extra) env[k] = v;
    return env;
}

// Resolves argv[0] against PATH in the parent, because execvp is not async-signal-safe and
// must not run between fork and exec in a multi-threaded test binary.
std::string resolve_program(const std::string& name, const EnvVars& env) {
    if (name.find('/') != std::string::npos) return name;
    auto it = env.find("PATH");
    std::string path = it != env.end() ? it->second : "/usr/local/bin:/usr/bin:/bin";
    std::stringstream dirs(path);
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
        std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
        struct stat st {};
        if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
            ::access(candidate.c_str(), X_OK) == 0)
            return candidate;
    }
    throw std::runtime_error("cannot run '" + name + "': not found in PATH (" + path + ")");
}

// Owns NUL-terminated copies of strings and the char* array exec wants.
struct CStrings {
    std::vector<std::string> storage;
    std::vector<char*> ptrs;
    explicit CStrings(std::vector<std::string> s) : storage(std::move(s)) {
        for (auto& x : storage) ptrs.push_back(x.data());
        ptrs.push_back(nullptr);
    }
};

std::string quote_argv(const std::vector<std::string>& argv) {
    std::string s;
    for (const auto& a : argv) s += (s.empty() ? "" : " ") + a;
    return s;
}

}  // namespace

std::string read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const EnvVars& extra_env,
                           const SpawnOptions& options)
    : argv_(argv), output_dir_("clipnote-child-") {
    if (argv.empty()) throw std::invalid_argument("ChildProcess: empty argv");
    stdout_path_ = output_dir_.file("stdout.txt");
    stderr_path_ = output_dir_.file("stderr.txt");

    // Everything the child needs is prepared before fork: after it only async-signal-safe calls.
    EnvVars env = merged_environment(extra_env);
    std::string program = resolve_program(argv[0], env);
    std::vector<std::string> env_strings;
    for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
    CStrings c_argv(argv), c_env(std::move(env_strings));

    Fd out(::open(stdout_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    Fd err(::open(stderr_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    Fd in(options.stdin_from_devnull ? ::open("/dev/null", O_RDONLY | O_CLOEXEC) : -1);
    if (out.get() < 0 || err.get() < 0 || (options.stdin_from_devnull && in.get() < 0))
        throw std::runtime_error(errno_text("ChildProcess: open output files"));
    // The child writes its exec errno here; the pipe closes on a successful exec (O_CLOEXEC).
    int exec_pipe[2];
    if (::pipe2(exec_pipe, O_CLOEXEC) != 0) throw std::runtime_error(errno_text("pipe2"));
    Fd exec_read(exec_pipe[0]), exec_write(exec_pipe[1]);
    const char* workdir = options.working_dir.empty() ? nullptr : options.working_dir.c_str();

    pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error(errno_text("fork"));
    if (pid == 0) {
        ::setpgid(0, 0);  // own group, so stop() can take the child's children down too
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);  // don't inherit the test's blocked signals
        for (int s : {SIGPIPE, SIGINT, SIGTERM, SIGCHLD, SIGHUP}) ::signal(s, SIG_DFL);
        if (in.get() >= 0) ::dup2(in.get(), STDIN_FILENO);
        ::dup2(out.get(), STDOUT_FILENO);
        ::dup2(err.get(), STDERR_FILENO);
        if (workdir == nullptr || ::chdir(workdir) == 0)
            ::execve(program.c_str(), c_argv.ptrs.data(), c_env.ptrs.data());
        int e = errno;
        (void)!::write(exec_write.get(), &e, sizeof e);
        ::_exit(127);
    }
    ::setpgid(pid, pid);  // also from the parent, so the group exists before we ever signal it
    pid_ = pid;
    exec_write.reset();

    int child_errno = 0;
    ssize_t n;
    do {
        n = ::read(exec_read.get(), &child_errno, sizeof child_errno);
    } while (n < 0 && errno == EINTR);
    if (n > 0) {
        reap();
        throw std::runtime_error("cannot run '" + quote_argv(argv) + "': " + program + ": " +
                                 std::strerror(child_errno));
    }
    // Via syscall(): glibc 2.36's <sys/pidfd.h> lacks C linkage for C++. -1 on old kernels, where
    // wait_exit falls back to polling.
    pidfd_ = static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0));
}

ChildProcess::~ChildProcess() {
    try {
        stop();
    } catch (...) {
    }
    if (pidfd_ >= 0) ::close(pidfd_);
}

bool ChildProcess::wait_exit(std::chrono::milliseconds timeout) {
    if (exit_code_) return true;
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        // WNOWAIT leaves the child a zombie, so its pid (and process group id) stay ours until
        // reap(): signalling the group in stop() can never hit an unrelated process.
        siginfo_t info{};
        if (::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
            info.si_pid == pid_)
            return true;
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left <= std::chrono::milliseconds(0)) return false;
        if (pidfd_ >= 0) {
            pollfd p{pidfd_, POLLIN, 0};
            ::poll(&p, 1, static_cast<int>(left.count()) + 1);
        } else {
            std::this_thread::sleep_for(std::min(left, std::chrono::milliseconds(5)));
        }
    }
}

void ChildProcess::reap() {
    if (exit_code_ || pid_ < 0) return;
    int status = 0;
    pid_t r;
    do {
        r = ::waitpid(pid_, &status, 0);
    } while (r < 0 && errno == EINTR);
    if (r != pid_)
        exit_code_ = -1;  // someone else reaped it; nothing more to learn
    else if (WIFEXITED(status))
        exit_code_ = WEXITSTATUS(status);
    else if (WIFSIGNALED(status))
        exit_code_ = 128 + WTERMSIG(status);
    else
        exit_code_ = -1;
    if (pidfd_ >= 0) {
        ::close(pidfd_);
        pidfd_ = -1;
    }
}

bool ChildProcess::running() { return !wait_exit(std::chrono::milliseconds(0)); }

std::optional<int> ChildProcess::wait_for(std::chrono::milliseconds timeout) {
    if (!wait_exit(timeout)) return std::nullopt;
    reap();
    return exit_code_;
}

void ChildProcess::send_signal(int sig) {
    if (!exit_code_) ::kill(pid_, sig);
}

void ChildProcess::signal_group(int sig) {
    if (!exit_code_) ::kill(-pid_, sig);
}

int ChildProcess::stop(std::chrono::milliseconds grace) {
    if (exit_code_) return *exit_code_;
    if (!wait_exit(std::chrono::milliseconds(0))) {
        ::kill(-pid_, SIGTERM);
        if (!wait_exit(grace)) {
            ::kill(-pid_, SIGKILL);
            wait_exit(std::chrono::seconds(10));
        }
    }
    ::kill(-pid_, SIGKILL);  // stragglers the child started; the leader is still an unreaped zombie
    reap();
    return *exit_code_;
}

std::string ChildProcess::stdout_text() const { return read_text_file(stdout_path_); }
std::string ChildProcess::stderr_text() const { return read_text_file(stderr_path_); }

RunResult run_command(const std::vector<std::string>& argv, const EnvVars& env,
                      std::chrono::seconds timeout) {
    ChildProcess child(argv, env);
    RunResult result;
    if (auto code = child.wait_for(timeout)) {
        result.exit_code = *code;
    } else {
        child.stop();
        result.timed_out = true;
    }
    result.out = child.stdout_text();
    result.err = child.stderr_text();
    return result;
}

}  // namespace clipnote::test
