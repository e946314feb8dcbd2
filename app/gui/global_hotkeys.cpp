#include "app/gui/global_hotkeys.h"

#include <X11/XKBlib.h>
#include <X11/Xlib.h>
#include <X11/keysym.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <mutex>
#include <sstream>

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

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

}  // namespace

Chord parse_chord(const std::string& text) {
    Chord c;
    c.text = text;
    std::stringstream in(text);
    std::string part;
    std::vector<std::string> parts;
    while (std::getline(in, part, '+')) parts.push_back(part);
    if (parts.empty()) throw Error("empty hotkey");
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
        const std::string m = lower(parts[i]);
        if (m == "ctrl" || m == "control") c.modifiers |= ControlMask;
        else if (m == "alt") c.modifiers |= Mod1Mask;
        else if (m == "shift") c.modifiers |= ShiftMask;
        else if (m == "super" || m == "win" || m == "meta") c.modifiers |= Mod4Mask;
        else throw Error("hotkey \"" + text + "\": unknown modifier \"" + parts[i] + "\"");
    }
    std::string key = parts.back();
    KeySym sym = XStringToKeysym(key.c_str());
    if (sym == NoSymbol) sym = XStringToKeysym(lower(key).c_str());
    if (sym == NoSymbol) throw Error("hotkey \"" + text + "\": unknown key \"" + key + "\"");
    c.keysym = sym;
    return c;
}

struct GlobalHotkeys::Impl {
    Display* display = nullptr;
    struct Grab {
        int id;
        KeyCode code;
        unsigned int modifiers;
    };
    std::vector<Grab> grabs;
};

GlobalHotkeys::GlobalHotkeys(const std::string& display) : impl_(new Impl) {
    impl_->display = XOpenDisplay(display.c_str());
    if (!impl_->display) {
        delete impl_;
        throw Error("cannot open X display '" + display + "' for hotkeys");
    }
    if (pipe2(wake_pipe_, O_CLOEXEC | O_NONBLOCK) != 0) wake_pipe_[0] = wake_pipe_[1] = -1;
}

GlobalHotkeys::~GlobalHotkeys() {
    if (wake_pipe_[1] >= 0) {
        const char c = 0;
        [[maybe_unused]] auto n = write(wake_pipe_[1], &c, 1);
    }
    if (thread_.joinable()) thread_.join();
    for (const auto& g : impl_->grabs)
        for (unsigned int locks : {0u, unsigned(Mod2Mask), unsigned(LockMask), unsigned(Mod2Mask | LockMask)})
            XUngrabKey(impl_->display, g.code, g.modifiers | locks, DefaultRootWindow(impl_->display));
    XCloseDisplay(impl_->display);
    if (wake_pipe_[0] >= 0) close(wake_pipe_[0]), close(wake_pipe_[1]);
    delete impl_;
}

std::string GlobalHotkeys::add(int id, const Chord& chord) {
    Display* d = impl_->display;
    const KeyCode code = XKeysymToKeycode(d, chord.keysym);
    if (code == 0) return chord.text + " has no key on this keyboard";
    std::lock_guard lock(error_mutex);
    XSync(d, False);
    grab_failed = false;
    auto* previous = XSetErrorHandler(record_error);
    // NumLock is Mod2 and CapsLock is Lock on practically every layout.
    for (unsigned int locks : {0u, unsigned(Mod2Mask), unsigned(LockMask), unsigned(Mod2Mask | LockMask)})
        XGrabKey(d, code, chord.modifiers | locks, DefaultRootWindow(d), True, GrabModeAsync, GrabModeAsync);
    XSync(d, False);
    XSetErrorHandler(previous);
    if (grab_failed) {
        for (unsigned int locks : {0u, unsigned(Mod2Mask), unsigned(LockMask), unsigned(Mod2Mask | LockMask)})
            XUngrabKey(d, code, chord.modifiers | locks, DefaultRootWindow(d));
        XSync(d, False);
        return chord.text + " is taken by another program (BadAccess): pick another in Settings";
    }
    impl_->grabs.push_back({id, code, chord.modifiers});
    return "";
}

void GlobalHotkeys::start(std::function<void(int)> on_press) {
    on_press_ = std::move(on_press);
    thread_ = std::thread([this] { run(); });
}

void GlobalHotkeys::run() {
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
        pollfd fds[2] = {{ConnectionNumber(d), POLLIN, 0}, {wake_pipe_[0], POLLIN, 0}};
        if (poll(fds, 2, -1) < 0 && errno != EINTR) return;
        if (fds[1].revents) return;
    }
}

}  // namespace clipnote::gui
