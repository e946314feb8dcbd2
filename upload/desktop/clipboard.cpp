#include "upload/desktop/clipboard.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <climits>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <vector>

extern char** environ;

namespace clipnote::upload {
namespace {

bool in_path(const std::string& program) {
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path ? path : "/usr/bin:/bin");
    std::string dir;
    while (std::getline(dirs, dir, ':'))
        if (!dir.empty() && ::access((dir + "/" + program).c_str(), X_OK) == 0) return true;
    return false;
}

// Runs argv with `text` on stdin and stdout/stderr on /dev/null (a tool that stays in the
// background must not hold our output open); true when it exits 0.
bool run_with_input(const std::vector<std::string>& argv, const std::string& text) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return false;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[0], 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = -1;
    const int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[0]);
    if (rc != 0) {
        ::close(fds[1]);
        return false;
    }
    std::size_t sent = 0;
    while (sent < text.size()) {
        const ssize_t n = ::write(fds[1], text.data() + sent, text.size() - sent);
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
    }
    ::close(fds[1]);
    int status = 0;
    // xclip and xsel fork a selection owner and their first process exits at once.
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return sent == text.size() && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// clipnote-clipboard (x11_clipboard_owner.cpp): beside this program (build tree, and
// libexec/clipnote when installed). "" when it is not there.
std::string x11_owner_program() {
    char self[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) return "";
    const std::string path(self, static_cast<std::size_t>(n));
    const std::string candidate = path.substr(0, path.rfind('/')) + "/clipnote-clipboard";
    return ::access(candidate.c_str(), X_OK) == 0 ? candidate : "";
}

}  // namespace

ClipboardResult copy_to_clipboard(const std::string& text, const std::string& html) {
    const char* wayland = std::getenv("WAYLAND_DISPLAY");
    const char* display = std::getenv("DISPLAY");
    struct Tool {
        std::vector<std::string> argv;
        std::string input;
    };
    std::vector<Tool> tools;
    if (wayland && *wayland && in_path("wl-copy")) tools.push_back({{"wl-copy"}, text});
    if (display && *display) {
        // Rich and plain from one owner (stdin: the text, NUL, the HTML); the others take the text.
        if (const std::string owner = x11_owner_program(); !html.empty() && !owner.empty())
            tools.push_back({{owner}, text + '\0' + html});
        if (in_path("xclip")) tools.push_back({{"xclip", "-selection", "clipboard", "-in"}, text});
        if (in_path("xsel")) tools.push_back({{"xsel", "--clipboard", "--input"}, text});
    }
    if (tools.empty()) {
        if ((!wayland || !*wayland) && (!display || !*display)) return {false, "no display, clipboard skipped"};
        return {false, "clipboard skipped: install xclip, xsel or wl-clipboard"};
    }
    for (const auto& t : tools)
        if (run_with_input(t.argv, t.input)) return {true, ""};
    return {false, "clipboard skipped: " + tools.front().argv.front() + " failed"};
}

}  // namespace clipnote::upload
