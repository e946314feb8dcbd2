// The Wayland fixture itself: sway draws what we expect, the portal offers ScreenCast, and the
// helpers (screenshot, clipboard, keys, static/moving content) work.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "support/child_process.h"
#include "support/ppm.h"
#include "support/temp_dir.h"
#include "support/wayland_session.h"

using namespace clipnote::test;

namespace {

double mean_level(const Picture& p) {
    double sum = 0;
    for (uint8_t v : p.rgb) sum += v;
    return p.rgb.empty() ? 0 : sum / static_cast<double>(p.rgb.size());
}

// Share of pixels that are a strong colour: one channel far above another.
double strong_colour_share(const Picture& p) {
    size_t strong = 0, n = p.rgb.size() / 3;
    for (size_t i = 0; i < n; ++i) {
        int r = p.rgb[3 * i], g = p.rgb[3 * i + 1], b = p.rgb[3 * i + 2];
        if (std::max({r, g, b}) - std::min({r, g, b}) >= 100) ++strong;
    }
    return n ? static_cast<double>(strong) / static_cast<double>(n) : 0;
}

bool portal_offers_screencast(const EnvVars& env) {
    RunResult r = run_command(
        {"dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.portal.Desktop",
         "/org/freedesktop/portal/desktop", "org.freedesktop.DBus.Introspectable.Introspect"},
        env, std::chrono::seconds(10));
    return r.exit_code == 0 &&
           r.out.find("\"org.freedesktop.portal.ScreenCast\"") != std::string::npos;
}

// Screenshots until one differs from `first` (true) or `timeout` passes (false).
bool changes_within(const WaylandSession& s, const Picture& first, const std::string& path,
                    std::chrono::milliseconds timeout, Picture* changed) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    do {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        s.screenshot(path);
        *changed = read_ppm(path);
        if (changed->rgb != first.rgb) return true;
    } while (std::chrono::steady_clock::now() < deadline);
    return false;
}

}  // namespace

TEST_CASE("WaylandSession: moving coloured content, env and the ScreenCast portal") {
    WaylandSession session;  // 1280x720, moving content
    MESSAGE("wayland session ready in " << session.startup_seconds() << " s");
    TempDir dir;

    EnvVars env = session.env();
    CHECK(env["WAYLAND_DISPLAY"] == session.wayland_display());
    CHECK_FALSE(env["WAYLAND_DISPLAY"].empty());
    CHECK(env["DISPLAY"].rfind(":", 0) == 0);
    CHECK(env["XDG_SESSION_TYPE"] == "wayland");
    CHECK(env["XDG_CURRENT_DESKTOP"] == "sway");
    CHECK(env["DBUS_SESSION_BUS_ADDRESS"].rfind("unix:path=", 0) == 0);
    CHECK_FALSE(env["SWAYSOCK"].empty());
    CHECK_FALSE(env["HOME"].empty());
    CHECK(portal_offers_screencast(env));

    session.screenshot(dir.file("a.ppm"));
    Picture a = read_ppm(dir.file("a.ppm"));
    CHECK(a.width == 1280);
    CHECK(a.height == 720);
    Picture b;
    CHECK(changes_within(session, a, dir.file("b.ppm"), std::chrono::seconds(10), &b));
    for (const Picture* p : {&a, &b}) {
        CHECK(mean_level(*p) > 20);               // not black
        CHECK(strong_colour_share(*p) > 0.10);    // whole coloured lines
    }

    session.screenshot(dir.file("shot.png"));  // the PNG path works too
    std::string png = read_text_file(dir.file("shot.png"));
    CHECK(png.rfind("\x89PNG", 0) == 0);
}

TEST_CASE("WaylandSession: static content, switching to moving, clipboard and keys") {
    WaylandSessionOptions options;
    options.width = 640;
    options.height = 480;
    options.moving_content = false;
    WaylandSession session(options);
    TempDir dir;

    session.screenshot(dir.file("a.ppm"));
    Picture a = read_ppm(dir.file("a.ppm"));
    CHECK(a.width == 640);
    CHECK(a.height == 480);
    CHECK(strong_colour_share(a) > 0.10);
    Picture b;
    CHECK_FALSE(changes_within(session, a, dir.file("b.ppm"), std::chrono::milliseconds(700), &b));

    session.set_moving(true);
    CHECK(session.moving());
    CHECK(changes_within(session, a, dir.file("c.ppm"), std::chrono::seconds(10), &b));

    // wl-copy keeps serving the text in the background; the session kills it when it ends.
    RunResult copy = run_command({"wl-copy", "clipnote-link"}, session.env());
    REQUIRE(copy.exit_code == 0);
    CHECK(session.clipboard() == "clipnote-link");

    session.type_keys("x");
    session.press_chord("shift+a");

    session.stop_pipewire();
    CHECK_FALSE(session.pipewire_running());
}

namespace {

// A GlobalShortcuts portal client (python3-gi, the interpreter Debian's python3-gi belongs to):
// CreateSession, BindShortcuts "record" (CTRL+ALT+r) and "reaction" (CTRL+ALT+g), then waits for
// Activated and Deactivated. Prints one line per step: CREATED <response> <session_handle>,
// BOUND <response> id=trigger..., ACTIVATED <id> <same session?>, DEACTIVATED <id>; exits 0
// after Deactivated, 2 after 30 s.
constexpr const char* kShortcutsClient = R"PY(
import sys
from gi.repository import Gio, GLib
V = GLib.Variant
DEST, PATH = "org.freedesktop.portal.Desktop", "/org/freedesktop/portal/desktop"
IFACE = "org.freedesktop.portal.GlobalShortcuts"
bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
sender = bus.get_unique_name()[1:].replace(".", "_")
loop = GLib.MainLoop()
def out(*a): print(*a, flush=True)
def timeout():
    out("TIMEOUT"); sys.exit(2)
GLib.timeout_add_seconds(30, timeout)
def request(method, fmt, args, token):
    path = "/org/freedesktop/portal/desktop/request/%s/%s" % (sender, token)
    got = {}
    def on_response(conn, s, p, i, sig, params):
        got["r"] = params.unpack(); loop.quit()
    sub = bus.signal_subscribe(DEST, "org.freedesktop.portal.Request", "Response", path, None,
                               Gio.DBusSignalFlags.NONE, on_response)
    bus.call_sync(DEST, PATH, IFACE, method, V(fmt, args), GLib.VariantType("(o)"),
                  Gio.DBusCallFlags.NONE, -1, None)
    loop.run()
    bus.signal_unsubscribe(sub)
    return got["r"]
resp, res = request("CreateSession", "(a{sv})",
                    ({"handle_token": V("s", "t1"), "session_handle_token": V("s", "s1")},), "t1")
session = res.get("session_handle", "")
out("CREATED", resp, session)
def on_signal(conn, s, p, i, sig, params):
    handle, sid, ts, opts = params.unpack()
    if sig == "Activated":
        out("ACTIVATED", sid, "same-session" if handle == session else "other-session:" + handle)
    else:
        out("DEACTIVATED", sid); loop.quit()
for name in ("Activated", "Deactivated"):
    bus.signal_subscribe(DEST, IFACE, name, PATH, None, Gio.DBusSignalFlags.NONE, on_signal)
shortcuts = [("record", {"description": V("s", "Start or stop recording"),
                         "preferred_trigger": V("s", "CTRL+ALT+r")}),
             ("reaction", {"description": V("s", "Record a reaction"),
                           "preferred_trigger": V("s", "CTRL+ALT+g")})]
resp, res = request("BindShortcuts", "(oa(sa{sv})sa{sv})",
                    (session, shortcuts, "", {"handle_token": V("s", "t2")}), "t2")
out("BOUND", resp, " ".join("%s=%s" % (sid, p.get("trigger_description"))
                            for sid, p in res.get("shortcuts", [])))
loop.run()
)PY";

bool portal_offers(const EnvVars& env, const std::string& interface) {
    RunResult r = run_command(
        {"dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.portal.Desktop",
         "/org/freedesktop/portal/desktop", "org.freedesktop.DBus.Introspectable.Introspect"},
        env, std::chrono::seconds(10));
    return r.exit_code == 0 && r.out.find("\"" + interface + "\"") != std::string::npos;
}

}  // namespace

TEST_CASE("WaylandSession: the GlobalShortcuts portal reaches the test backend") {
    WaylandSession session;  // global_shortcuts_backend is on by default
    REQUIRE(portal_offers(session.env(), "org.freedesktop.portal.GlobalShortcuts"));
    CHECK(portal_offers(session.env(), "org.freedesktop.portal.ScreenCast"));
    CHECK(session.shortcut_bind_count() == 0);
    CHECK(session.fire_shortcut("reaction") == 0);  // nobody bound it yet

    ChildProcess client({"/usr/bin/python3", "-u", "-c", kShortcutsClient}, session.env());
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (client.stdout_text().find("BOUND") == std::string::npos && client.running() &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    INFO("client stdout: " << client.stdout_text());
    INFO("client stderr: " << client.stderr_text());
    INFO("backend log: " << session.shortcuts_log());
    REQUIRE(client.stdout_text().find("BOUND") != std::string::npos);
    CHECK(client.stdout_text().find(
              "CREATED 0 /org/freedesktop/portal/desktop/session/") != std::string::npos);
    CHECK(client.stdout_text().find("BOUND 0 record=CTRL+ALT+r reaction=CTRL+ALT+g") !=
          std::string::npos);

    CHECK(session.shortcut_bind_count() == 1);
    using Bound = std::vector<std::pair<std::string, std::string>>;
    CHECK(session.bound_shortcuts() == Bound{{"record", "CTRL+ALT+r"}, {"reaction", "CTRL+ALT+g"}});

    CHECK(session.fire_shortcut("reaction") == 1);
    CHECK(client.wait_for(std::chrono::seconds(20)) == 0);
    CHECK(client.stdout_text().find("ACTIVATED reaction same-session") != std::string::npos);
    CHECK(client.stdout_text().find("DEACTIVATED reaction") != std::string::npos);
    CHECK(client.stdout_text().find("ACTIVATED record") == std::string::npos);
    CHECK(session.shortcuts_log().find("BindShortcuts #1") != std::string::npos);
}
