#include "app/gui/desktop_open.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>

extern char** environ;

namespace clipnote::gui {

std::string open_with_desktop(const std::string& path) {
    // A short-lived shell that starts xdg-open in the background and exits at once, so the app
    // reaps it immediately and the opener lives on its own.
    const char* argv[] = {"/bin/sh", "-c", "xdg-open \"$1\" >/dev/null 2>&1 &", "sh", path.c_str(), nullptr};
    pid_t pid = 0;
    const int r = posix_spawn(&pid, "/bin/sh", nullptr, nullptr, const_cast<char**>(argv), environ);
    if (r != 0) return std::string("cannot start xdg-open: ") + std::strerror(r);
    int status = 0;
    waitpid(pid, &status, 0);
    return "";
}

}  // namespace clipnote::gui
