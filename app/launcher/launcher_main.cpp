// `clipnote`: a small launcher in front of the full program (clipnote-main). A key bound to
// `clipnote toggle` must start a recording at once, and loading the ~230 shared libraries of the
// full program (FFmpeg, SDL, GTK's notification stack, curl…) alone costs ~130 ms; so the four
// remote commands are answered here, with nothing but libc, and everything else is exec'ed.
#include <limits.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <string>

#include "app/remote/remote_client.h"
#include "common/error.h"

namespace {

// This launcher's own path ("" when /proc is not there).
std::string self_path() {
    char self[PATH_MAX];
    const ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    return n > 0 ? std::string(self, size_t(n)) : std::string();
}

// The full program: beside the launcher (build tree), or in ../libexec/clipnote (installed).
std::string main_program(const std::string& self) {
    if (self.empty()) return "clipnote-main";
    const std::string dir = self.substr(0, self.rfind('/'));
    for (const std::string& candidate : {dir + "/clipnote-main", dir + "/../libexec/clipnote/clipnote-main"})
        if (access(candidate.c_str(), X_OK) == 0) return candidate;
    return dir + "/../libexec/clipnote/clipnote-main";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 2 && clipnote::remote::is_remote_command(argv[1])) {
        try {
            clipnote::remote::send_command(argv[1]);
            return 0;
        } catch (const std::exception& e) {
            std::fprintf(stderr, "clipnote: %s\n", e.what());
            return 1;
        }
    }
    const std::string self = self_path();
    const std::string program = main_program(self);
    // The app shows (and writes into desktop settings) commands that start this launcher.
    if (!self.empty()) setenv("CLIPNOTE_LAUNCHER", self.c_str(), 1);
    execv(program.c_str(), argv);  // argv[0] stays "clipnote" for the help texts
    std::fprintf(stderr, "clipnote: cannot start %s: %s (reinstall clipnote)\n", program.c_str(), std::strerror(errno));
    return 127;
}
