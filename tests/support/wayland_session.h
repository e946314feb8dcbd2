// A private, headless Wayland desktop with a working ScreenCast portal, for tests of clipnote's
// Wayland capture (xdg-desktop-portal + PipeWire): a D-Bus session bus, sway (headless backend,
// pixman renderer, XWayland), PipeWire + WirePlumber, a patched xdg-desktop-portal-wlr and
// xdg-desktop-portal, all in one temp dir and all stopped when the test ends.
// Install what it runs with scripts/install-wayland-test-deps.sh.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "support/child_process.h"
#include "support/temp_dir.h"

namespace clipnote::test {

// Where scripts/build-patched-xdpw.sh installs xdg-desktop-portal-wlr 0.7.0 rebuilt so that a
// compositor without DMA-BUF formats (pixman) can still be cast. $CLIPNOTE_XDPW overrides it.
inline constexpr const char* kPatchedXdpwPath =
    "/usr/local/libexec/clipnote-test/xdg-desktop-portal-wlr";
inline constexpr const char* kWaylandInstallHint = "run scripts/install-wayland-test-deps.sh";
// The GlobalShortcuts test backend's bus name, and its test-control object and interface.
inline constexpr const char* kGlobalShortcutsBackendName =
    "org.freedesktop.impl.portal.desktop.clipnotetest";
inline constexpr const char* kGlobalShortcutsControlPath = "/org/clipnote/TestShortcuts";
inline constexpr const char* kGlobalShortcutsControlInterface = "org.clipnote.TestShortcuts";

struct WaylandSessionOptions {
    int width = 1280;
    int height = 720;
    // true: a full-screen terminal prints a coloured line every ~30 ms (the picture changes all
    // the time); false: the same terminal shows fixed coloured lines (the picture never changes).
    bool moving_content = true;
    int max_fps = 30;  // xdg-desktop-portal-wlr's [screencast] max_fps
    // Starts xdg-desktop-portal-wlr with XDPW_PERSIST_MODE=permanent: its 0.7 source lowers a
    // client's persist_mode to "none" without it when the output was chosen (not restored).
    // Measured here: with persist_mode=2 the frontend returns a restore_token, and a later session
    // passing it back gets the same token and xdpw logs "restoring session from data".
    bool allow_restore_tokens = true;
    // Runs tests/helpers/global_shortcuts_backend.py (python3-gi), a test implementation of
    // org.freedesktop.impl.portal.GlobalShortcuts, and points the frontend at it (a private
    // XDG_DESKTOP_PORTAL_DIR with the system's *.portal files plus clipnotetest.portal), so
    // org.freedesktop.portal.GlobalShortcuts works and a test can fire shortcuts
    // (WaylandSession::fire_shortcut). Nothing real presses keys: binding assigns each shortcut
    // its preferred_trigger without asking. $CLIPNOTE_GLOBAL_SHORTCUTS_BACKEND overrides the script.
    bool global_shortcuts_backend = true;
    // A command xdg-desktop-portal-wlr runs as its output picker (its stdout names the output);
    // "" = no picker, output_name is taken. "false" stands for a user who closes the picker.
    std::string chooser_cmd;
};

// Starts, in this order, each one waiting for the previous to be ready (by polling a condition,
// never a fixed sleep): dbus-daemon (private session bus) → sway (+ XWayland, the content window)
// → pipewire → wireplumber → xdg-desktop-portal-wlr (-r) → [the GlobalShortcuts test backend, ready
// when it owns kGlobalShortcutsBackendName] → xdg-desktop-portal (-r), which is ready when
// org.freedesktop.portal.Desktop is owned and introspects with ScreenCast (and GlobalShortcuts if
// the backend runs). The portal casts output HEADLESS-1 without asking (chooser_type=none).
// Throws std::runtime_error: a program is missing (naming the install script), or a step is not
// ready in time (with the tail of that program's log). The destructor stops everything in reverse
// order, kills anything still running in the session (any process whose XDG_RUNTIME_DIR is this
// session's, e.g. wl-copy or a D-Bus-activated service), and removes the temp dir
// (CLIPNOTE_KEEP_TEMP=1 keeps it).
class WaylandSession {
public:
    explicit WaylandSession(const WaylandSessionOptions& options = {});
    ~WaylandSession();
    WaylandSession(const WaylandSession&) = delete;
    WaylandSession& operator=(const WaylandSession&) = delete;

    // What a client of this desktop needs: WAYLAND_DISPLAY, DISPLAY (XWayland),
    // DBUS_SESSION_BUS_ADDRESS, XDG_RUNTIME_DIR, XDG_SESSION_TYPE=wayland,
    // XDG_CURRENT_DESKTOP=sway, SWAYSOCK, HOME. Pass it as extra_env to ChildProcess.
    EnvVars env() const;

    int width() const { return options_.width; }
    int height() const { return options_.height; }
    const std::string& wayland_display() const { return wayland_display_; }  // "wayland-1"
    const std::string& x_display() const { return x_display_; }              // ":N" (XWayland)
    const std::string& runtime_dir() const { return runtime_dir_; }
    const std::string& home() const { return home_; }
    const std::string& dir() const { return dir_.path(); }  // the session's temp dir
    std::string output_name() const { return "HEADLESS-1"; }
    // Seconds the constructor took until the portal was ready.
    double startup_seconds() const { return startup_seconds_; }

    // Screenshot of the whole output with grim. A path ending in ".ppm" gets a binary PPM (P6),
    // anything else a PNG. Throws std::runtime_error if grim fails.
    void screenshot(const std::string& path) const;
    // Types `text` into the focused window (wtype, a virtual keyboard).
    void type_keys(const std::string& text) const;
    // Presses a chord such as "ctrl+alt+r", "super+shift+Return" or "Escape": modifiers ctrl,
    // alt, shift, super/logo, altgr; the last part is an XKB key name.
    void press_chord(const std::string& chord) const;
    // The clipboard's text (wl-paste), "" if nothing is copied.
    std::string clipboard() const;
    // Runs swaymsg against this sway, e.g. {"-t", "get_outputs"} or {"--", "exec", "foot", "-a", "x"}
    // ("--" ends swaymsg's own options, so a command may contain dashes).
    RunResult swaymsg(const std::vector<std::string>& args) const;

    // Kills pipewire (SIGKILL by default), e.g. to test a stream dying mid-recording.
    void stop_pipewire(int sig = 9);
    bool pipewire_running();

    // Replaces the content window by the moving (true) or the static (false) one and waits until
    // the new one is mapped. Does nothing if it already shows that kind.
    void set_moving(bool moving);
    void set_static() { set_moving(false); }
    bool moving() const { return moving_; }

    // The GlobalShortcuts test backend (options.global_shortcuts_backend; these throw
    // std::runtime_error when it is off or the call fails).
    // Emits Activated then Deactivated (same id, through the real frontend to its clients) on
    // every live portal session that bound `id`; returns on how many sessions (0: nobody bound it).
    int fire_shortcut(const std::string& id) const;
    // How many BindShortcuts calls reached the backend so far.
    int shortcut_bind_count() const;
    // (id, trigger) of the latest BindShortcuts, in the order bound; the trigger is the
    // preferred_trigger the client asked for, as given ("" if none).
    std::vector<std::pair<std::string, std::string>> bound_shortcuts() const;

    // What the daemons logged so far (xdpw runs with -l DEBUG).
    std::string xdpw_log() const;
    std::string portal_log() const;
    std::string sway_log() const;
    std::string pipewire_log() const;
    std::string shortcuts_log() const;  // the GlobalShortcuts backend: one line per call

private:
    void start();
    void stop_all() noexcept;
    EnvVars daemon_env() const;  // env() plus what only the daemons get
    void start_content(bool moving);
    bool content_window_mapped(const std::string& app_id) const;
    RunResult call_shortcuts_control(const std::string& method,
                                     const std::vector<std::string>& args = {}) const;
    std::unique_ptr<ChildProcess> spawn(const std::vector<std::string>& argv,
                                        const EnvVars& extra = {}) const;

    WaylandSessionOptions options_;
    TempDir dir_;  // first member: removed after every process below is gone
    std::string runtime_dir_, home_, bus_address_, wayland_display_, x_display_, swaysock_;
    bool moving_ = false;
    int content_generation_ = 0;
    double startup_seconds_ = 0;
    std::unique_ptr<ChildProcess> dbus_, sway_, pipewire_, wireplumber_, xdpw_, shortcuts_,
        portal_;
};

}  // namespace clipnote::test
