// clipnote-clipboard: owns the X11 CLIPBOARD and offers one link in two shapes, plain text
// (UTF8_STRING, STRING, text/plain) and HTML (text/html), so a paste into a rich editor (Google
// Docs, Confluence, an email) shows the titled link and a paste into a terminal the URL. xclip
// and xsel serve a single type per run, hence this small program (libX11 only).
//
// stdin: the text, a NUL byte, the HTML. Exits 0 once it owns the clipboard; a background
// process of its own then answers pastes until another program takes the clipboard over.
// Exits 1 (and owns nothing) when the display cannot be opened or the selection not taken.
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

namespace {

struct Offer {
    std::string text;
    std::string html;
};

struct Atoms {
    Atom clipboard, targets, timestamp, utf8, text, plain, plain_utf8, html, atom_pair;
    explicit Atoms(Display* d)
        : clipboard(XInternAtom(d, "CLIPBOARD", False)),
          targets(XInternAtom(d, "TARGETS", False)),
          timestamp(XInternAtom(d, "TIMESTAMP", False)),
          utf8(XInternAtom(d, "UTF8_STRING", False)),
          text(XInternAtom(d, "TEXT", False)),
          plain(XInternAtom(d, "text/plain", False)),
          plain_utf8(XInternAtom(d, "text/plain;charset=utf-8", False)),
          html(XInternAtom(d, "text/html", False)),
          atom_pair(XInternAtom(d, "ATOM_PAIR", False)) {}
};

// The time of a property change on our own window: ICCCM wants a real timestamp, not CurrentTime,
// for taking the selection (and answers TIMESTAMP with it).
Time server_time(Display* d, Window w) {
    XSelectInput(d, w, PropertyChangeMask);
    const Atom probe = XInternAtom(d, "CLIPNOTE_TIME", False);
    XChangeProperty(d, w, probe, XA_STRING, 8, PropModeAppend, nullptr, 0);
    XEvent e;
    XWindowEvent(d, w, PropertyChangeMask, &e);
    return e.xproperty.time;
}

// Writes the answer to one request for `target` into `property` of the requestor; false when
// the target is not offered.
bool answer(Display* d, const Atoms& a, const Offer& offer, Time owned_since, Window requestor, Atom target,
            Atom property) {
    if (target == a.targets) {
        const Atom offered[] = {a.targets, a.timestamp, a.utf8, XA_STRING, a.text, a.plain, a.plain_utf8, a.html};
        XChangeProperty(d, requestor, property, XA_ATOM, 32, PropModeReplace,
                        reinterpret_cast<const unsigned char*>(offered), int(std::size(offered)));
        return true;
    }
    if (target == a.timestamp) {
        const long t = static_cast<long>(owned_since);
        XChangeProperty(d, requestor, property, XA_INTEGER, 32, PropModeReplace,
                        reinterpret_cast<const unsigned char*>(&t), 1);
        return true;
    }
    const std::string* data = nullptr;
    Atom type = target;
    if (target == a.html) {
        data = &offer.html;
    } else if (target == a.utf8 || target == a.plain_utf8 || target == a.plain || target == a.text) {
        data = &offer.text;
        if (target == a.text) type = a.utf8;
    } else if (target == XA_STRING) {
        data = &offer.text;  // links are ASCII; a title in the text is not, but STRING is a last resort
    }
    if (!data) return false;
    XChangeProperty(d, requestor, property, type, 8, PropModeReplace,
                    reinterpret_cast<const unsigned char*>(data->data()), int(data->size()));
    return true;
}

void serve(Display* d, const Atoms& a, const Offer& offer, Window owner, Time owned_since) {
    for (;;) {
        XEvent e;
        XNextEvent(d, &e);  // an X connection that breaks ends the process (Xlib's I/O error handler)
        if (e.type == SelectionClear && e.xselectionclear.window == owner) return;  // someone copied
        if (e.type != SelectionRequest) continue;
        const XSelectionRequestEvent& r = e.xselectionrequest;
        XSelectionEvent reply{};
        reply.type = SelectionNotify;
        reply.display = d;
        reply.requestor = r.requestor;
        reply.selection = r.selection;
        reply.target = r.target;
        reply.time = r.time;
        // Obsolete clients leave the property out: use the target's name (ICCCM 2.2).
        const Atom property = r.property == None ? r.target : r.property;
        reply.property = None;
        if (r.selection == a.clipboard && r.owner == owner &&
            (r.time == CurrentTime || r.time >= owned_since) &&
            answer(d, a, offer, owned_since, r.requestor, r.target, property))
            reply.property = property;
        XSendEvent(d, r.requestor, False, NoEventMask, reinterpret_cast<XEvent*>(&reply));
        XFlush(d);
    }
}

}  // namespace

int main() {
    std::string input{std::istreambuf_iterator<char>(std::cin), {}};
    const auto nul = input.find('\0');
    Offer offer{input.substr(0, nul), nul == std::string::npos ? std::string() : input.substr(nul + 1)};
    if (offer.html.empty()) offer.html = offer.text;

    // The child owns the selection and lives on; the parent reports whether it took it.
    int ready[2];
    if (pipe(ready) != 0) return 1;
    const pid_t child = fork();
    if (child < 0) return 1;
    if (child > 0) {
        close(ready[1]);
        char ok = 0;
        const bool taken = read(ready[0], &ok, 1) == 1 && ok == 1;
        return taken ? 0 : 1;
    }
    close(ready[0]);
    setsid();
    Display* d = XOpenDisplay(nullptr);
    if (!d) return 1;
    const Atoms atoms(d);
    // Replies whose size exceeds a request need INCR transfers; links never come near it.
    const std::size_t limit = static_cast<std::size_t>(XMaxRequestSize(d)) * 4 - 256;
    if (offer.text.size() > limit || offer.html.size() > limit) return 1;
    const Window owner = XCreateSimpleWindow(d, DefaultRootWindow(d), 0, 0, 1, 1, 0, 0, 0);
    const Time since = server_time(d, owner);
    XSetSelectionOwner(d, atoms.clipboard, owner, since);
    if (XGetSelectionOwner(d, atoms.clipboard) != owner) return 1;
    const char ok = 1;
    if (write(ready[1], &ok, 1) != 1) return 1;
    close(ready[1]);
    // Nothing of the caller's stays open in the background (a pipe reader would wait for EOF).
    std::freopen("/dev/null", "r", stdin);
    std::freopen("/dev/null", "w", stdout);
    std::freopen("/dev/null", "w", stderr);
    serve(d, atoms, offer, owner, since);
    XCloseDisplay(d);
    return 0;
}
