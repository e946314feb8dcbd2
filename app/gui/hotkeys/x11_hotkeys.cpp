#include "app/gui/hotkeys/x11_hotkeys.h"

#include <X11/XKBlib.h>
#include <X11/Xlib.h>
#include <X11/keysym.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <exception>
#include <mutex>

#include "capture/x11_display_loss.h"
#include "common/error.h"

namespace clipnote::gui {

namespace {

// XGrabKey reports BadAccess asynchronously through the error handler; collect it around an XSync.
std::mutex error_mutex;
bool grab_failed = false;

int record_error(Display*, XErrorEvent* e) {
    if (e->error_code == BadAccess) grab_failed = true;
    return 0;
}

unsigned int x_modifiers(unsigned int chord_modifiers) {
    unsigned int m = 0;
    if (chord_modifiers & kChordCtrl) m |= ControlMask;
    if (chord_modifiers & kChordAlt) m |= Mod1Mask;
    if (chord_modifiers & kChordShift) m |= ShiftMask;
    if (chord_modifiers & kChordSuper) m |= Mod4Mask;
    return m;
}

// NumLock is Mod2 and CapsLock is Lock on practically every layout.
constexpr unsigned int kLockVariants[] = {0u, unsigned(Mod2Mask), unsigned(LockMask), unsigned(Mod2Mask | LockMask)};

}  // namespace

struct X11Hotkeys::Impl {
    Display* display = nullptr;
    struct Grab {
        int id;
        KeyCode code;
        unsigned int modifiers;  // X modifier mask
        std::string text;
    };
    std::vector<Grab> grabs;
};

X11Hotkeys::X11Hotkeys(const std::string& display) : impl_(new Impl) {
    impl_->display = open_display_surviving_loss(display.c_str());
    if (!impl_->display) {
        delete impl_;
        throw Error("cannot open X display '" + display + "' for hotkeys");
    }
    if (pipe2(wake_pipe_, O_CLOEXEC | O_NONBLOCK) != 0) wake_pipe_[0] = wake_pipe_[1] = -1;
}

X11Hotkeys::~X11Hotkeys() {
    if (wake_pipe_[1] >= 0) {
        const char c = 0;
        [[maybe_unused]] auto n = write(wake_pipe_[1], &c, 1);
    }
    if (thread_.joinable()) thread_.join();
    // A display whose server went away takes no more calls (Xlib may wait forever on it): the
    // grabs went with the server.
    if (!x11_display_lost()) {
        for (const auto& g : impl_->grabs)
            for (unsigned int locks : kLockVariants)
                XUngrabKey(impl_->display, g.code, g.modifiers | locks, DefaultRootWindow(impl_->display));
        XCloseDisplay(impl_->display);
    }
    if (wake_pipe_[0] >= 0) close(wake_pipe_[0]), close(wake_pipe_[1]);
    delete impl_;
}

std::vector<HotkeyProblem> X11Hotkeys::bind_all(const std::vector<HotkeyRequest>& wanted) {
    std::vector<HotkeyProblem> problems;
    for (const auto& w : wanted) {
        std::string problem;
        try {
            problem = add(w.id, parse_chord(w.chord));
        } catch (const std::exception& e) {
            problem = e.what();
        }
        if (!problem.empty()) problems.push_back({w.id, problem});
    }
    return problems;
}

std::string X11Hotkeys::assigned(int id) const {
    for (const auto& g : impl_->grabs)
        if (g.id == id) return g.text;
    return "";
}

std::string X11Hotkeys::add(int id, const Chord& chord) {
    Display* d = impl_->display;
    const KeyCode code = XKeysymToKeycode(d, chord.keysym);
    if (code == 0) return chord.text + " has no key on this keyboard";
    const unsigned int modifiers = x_modifiers(chord.modifiers);
    std::lock_guard lock(error_mutex);
    XSync(d, False);
    grab_failed = false;
    auto* previous = XSetErrorHandler(record_error);
    for (unsigned int locks : kLockVariants)
        XGrabKey(d, code, modifiers | locks, DefaultRootWindow(d), True, GrabModeAsync, GrabModeAsync);
    XSync(d, False);
    XSetErrorHandler(previous);
    if (grab_failed) {
        for (unsigned int locks : kLockVariants) XUngrabKey(d, code, modifiers | locks, DefaultRootWindow(d));
        XSync(d, False);
        return chord.text + " is taken by another program (BadAccess): pick another in Settings";
    }
    impl_->grabs.push_back({id, code, modifiers, chord.text});
    return "";
}

void X11Hotkeys::start(std::function<void(int)> on_press, std::function<void()> /*on_changed*/) {
    // X never reassigns a grab: assigned() is fixed once bind_all returned.
    on_press_ = std::move(on_press);
    thread_ = std::thread([this] { run(); });
}

void X11Hotkeys::run() {
    Display* d = impl_->display;
    const unsigned int relevant = ControlMask | Mod1Mask | ShiftMask | Mod4Mask;
    for (;;) {
        while (XPending(d)) {
            XEvent ev;
            XNextEvent(d, &ev);
            if (ev.type != KeyPress) continue;
            for (const auto& g : impl_->grabs)
                if (ev.xkey.keycode == g.code && (ev.xkey.state & relevant) == g.modifiers) on_press_(g.id);
        }
        if (x11_display_lost()) return;  // its socket would read as closed forever
        pollfd fds[2] = {{ConnectionNumber(d), POLLIN, 0}, {wake_pipe_[0], POLLIN, 0}};
        if (poll(fds, 2, -1) < 0 && errno != EINTR) return;
        if (fds[1].revents) return;
    }
}

}  // namespace clipnote::gui
