#include "support/wayland_session.h"

#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace clipnote::test {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr auto kStepTimeout = std::chrono::seconds(20);
constexpr auto kPollInterval = std::chrono::milliseconds(25);
constexpr const char* kPortalFrontend = "/usr/libexec/xdg-desktop-portal";
// Where xdg-desktop-portal 1.16 reads *.portal files unless $XDG_DESKTOP_PORTAL_DIR says otherwise
// (src/portal-impl.c, load_installed_portals).
constexpr const char* kSystemPortalDir = "/usr/share/xdg-desktop-portal/portals";
#ifdef CLIPNOTE_TEST_HELPERS_DIR
constexpr const char* kHelpersDir = CLIPNOTE_TEST_HELPERS_DIR;
#else
constexpr const char* kHelpersDir = "";
#endif
// The frontend picks, per interface, the first *.portal whose UseIn lists a desktop of
// $XDG_CURRENT_DESKTOP; nothing else offers GlobalShortcuts, so this one gets it.
constexpr const char* kClipnoteTestPortal =
    "[portal]\n"
    "DBusName=org.freedesktop.impl.portal.desktop.clipnotetest\n"
    "Interfaces=org.freedesktop.impl.portal.GlobalShortcuts;\n"
    "UseIn=sway;\n";


// foot's palette made loud, so the content is strong colours on a near-black background.
constexpr const char* kFootConfig =
    "[colors]\n"
    "background=101010\n"
    "foreground=ffffff\n"
    "regular1=ff0000\nregular2=00ff00\nregular3=ffff00\nregular4=0000ff\n"
    "regular5=ff00ff\nregular6=00ffff\nregular7=c0c0c0\n"
    "[cursor]\n"
    "blink=no\n";

// The content window's shell scripts. Background colour escapes with "erase to end of line" paint
// whole lines in strong colours; the cursor is hidden so nothing blinks.
constexpr const char* kMovingScript =
    "printf '\\033[?25l'\n"
    "i=0\n"
    "while :; do\n"
    "  i=$((i+1))\n"
    "  printf '\\033[4%dm\\033[97m %06d clipnote moving content \\033[K\\033[0m\\n' "
    "$((i%7+1)) \"$i\"\n"
    "  [ \"$i\" -le 60 ] || sleep 0.03\n"  // the first screenful at once
    "done\n";
constexpr const char* kStaticScript =
    "printf '\\033[?25l'\n"
    "for i in $(seq 1 200); do\n"
    "  printf '\\033[4%dm\\033[97m %06d clipnote static content \\033[K\\033[0m\\n' "
    "$((i%7+1)) \"$i\"\n"
    "done\n"
    "exec sleep 1000000\n";

std::string tail(const std::string& text, size_t n = 1500) {
    return text.size() <= n ? text : "…" + text.substr(text.size() - n);
}

std::string log_of(const ChildProcess* p) {
    return p ? tail(p->stdout_text() + p->stderr_text()) : std::string();
}

bool executable(const std::string& path) { return ::access(path.c_str(), X_OK) == 0; }

std::string find_program(const std::string& name) {
    if (name.find('/') != std::string::npos) return executable(name) ? name : "";
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path ? path : "/usr/local/bin:/usr/bin:/bin");
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
        std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
        if (executable(candidate) && fs::is_regular_file(candidate)) return candidate;
    }
    return "";
}

void require_program(const std::string& name) {
    if (find_program(name).empty())
        throw std::runtime_error("WaylandSession: '" + name + "' not found; " +
                                 kWaylandInstallHint);
}

// Debian's python3-gi belongs to /usr/bin/python3 (a python3 earlier in PATH, e.g. pyenv's,
// may lack gi).
std::string python3_path() {
    return executable("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

std::string shortcuts_backend_path() {
    const char* over = std::getenv("CLIPNOTE_GLOBAL_SHORTCUTS_BACKEND");
    if (over && *over) return over;
    return std::string(kHelpersDir) + "/global_shortcuts_backend.py";
}

std::string xdpw_path() {
    const char* over = std::getenv("CLIPNOTE_XDPW");
    return over && *over ? over : kPatchedXdpwPath;
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out) throw std::runtime_error("WaylandSession: cannot write " + path);
}

// Polls `ready` until it holds; throws naming `what` (with `proc`'s log) if `proc` exits or the
// deadline passes first.
void wait_ready(const std::string& what, ChildProcess* proc, const std::function<bool()>& ready,
                std::chrono::milliseconds timeout = kStepTimeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        if (ready()) return;
        if (proc && !proc->running())
            throw std::runtime_error("WaylandSession: " + what + ": " + proc->argv()[0] +
                                     " exited with code " +
                                     std::to_string(proc->exit_code().value_or(-1)) + ": " +
                                     log_of(proc));
        if (Clock::now() > deadline)
            throw std::runtime_error(
                "WaylandSession: " + what + " not ready within " +
                std::to_string(std::chrono::duration_cast<std::chrono::seconds>(timeout).count()) +
                " s" + (proc ? ": " + log_of(proc) : std::string()));
        std::this_thread::sleep_for(kPollInterval);
    }
}

// Every process (but this one) whose environment says XDG_RUNTIME_DIR=runtime_dir: whatever the
// session started, including what escaped the process groups (sway's exec uses setsid,
// D-Bus activation, wl-copy's background server).
std::vector<pid_t> session_processes(const std::string& runtime_dir) {
    std::vector<pid_t> pids;
    const std::string needle = "XDG_RUNTIME_DIR=" + runtime_dir;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/proc", ec)) {
        const std::string name = entry.path().filename();
        if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
        pid_t pid = static_cast<pid_t>(std::atol(name.c_str()));
        if (pid == ::getpid()) continue;
        std::string environ_text = read_text_file(entry.path().string() + "/environ");
        size_t pos = 0;
        while (pos < environ_text.size()) {
            size_t end = environ_text.find('\0', pos);
            if (end == std::string::npos) end = environ_text.size();
            if (environ_text.compare(pos, end - pos, needle) == 0) {
                pids.push_back(pid);
                break;
            }
            pos = end + 1;
        }
    }
    return pids;
}

// Mount points under `dir` (xdg-document-portal may mount a FUSE file system in
// $XDG_RUNTIME_DIR/doc), deepest first.
std::vector<std::string> mounts_under(const std::string& dir) {
    std::vector<std::string> found;
    std::ifstream in("/proc/self/mountinfo");
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string id, parent, devno, root, mount_point;
        fields >> id >> parent >> devno >> root >> mount_point;
        if (mount_point.rfind(dir + "/", 0) == 0) found.push_back(mount_point);
    }
    std::sort(found.rbegin(), found.rend());
    return found;
}

bool dbus_name_has_owner(const EnvVars& env, const std::string& name) {
    RunResult r = run_command({"dbus-send", "--session", "--print-reply",
                               "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
                               "org.freedesktop.DBus.NameHasOwner", "string:" + name},
                              env, std::chrono::seconds(10));
    return r.exit_code == 0 && r.out.find("boolean true") != std::string::npos;
}

}  // namespace

WaylandSession::WaylandSession(const WaylandSessionOptions& options)
    : options_(options), dir_("clipnote-wayland-") {
    const auto started = Clock::now();
    try {
        start();
    } catch (...) {
        stop_all();
        throw;
    }
    startup_seconds_ = std::chrono::duration<double>(Clock::now() - started).count();
}

WaylandSession::~WaylandSession() { stop_all(); }

EnvVars WaylandSession::env() const {
    return {{"WAYLAND_DISPLAY", wayland_display_},
            {"DISPLAY", x_display_},
            {"DBUS_SESSION_BUS_ADDRESS", bus_address_},
            {"XDG_RUNTIME_DIR", runtime_dir_},
            {"XDG_SESSION_TYPE", "wayland"},
            {"XDG_CURRENT_DESKTOP", "sway"},
            {"SWAYSOCK", swaysock_},
            {"HOME", home_}};
}

EnvVars WaylandSession::daemon_env() const {
    EnvVars e = env();
    e["XDG_CONFIG_HOME"] = home_ + "/.config";
    return e;
}

std::unique_ptr<ChildProcess> WaylandSession::spawn(const std::vector<std::string>& argv,
                                                    const EnvVars& extra) const {
    EnvVars e = daemon_env();
    for (const auto& [k, v] : extra) e[k] = v;
    return std::make_unique<ChildProcess>(argv, e);
}

void WaylandSession::start() {
    const bool as_root = ::geteuid() == 0;
    for (const char* p : {"dbus-daemon", "dbus-send", "sway", "swaymsg", "Xwayland", "xkbcomp",
                          "foot", "pipewire", "wireplumber", "pw-cli"})
        require_program(p);
    if (as_root) require_program("cc");
    if (!executable(kPortalFrontend))
        throw std::runtime_error(std::string("WaylandSession: ") + kPortalFrontend +
                                 " not found; " + kWaylandInstallHint);
    if (!executable(xdpw_path()))
        throw std::runtime_error("WaylandSession: patched xdg-desktop-portal-wlr not found at " +
                                 xdpw_path() + "; " + kWaylandInstallHint);

    runtime_dir_ = dir_.file("rt");
    home_ = dir_.file("home");
    fs::create_directories(runtime_dir_);
    fs::permissions(runtime_dir_, fs::perms::owner_all, fs::perm_options::replace);
    fs::create_directories(home_ + "/.config/xdg-desktop-portal-wlr");
    fs::create_directories(home_ + "/.config/foot");
    write_file(home_ + "/.config/foot/foot.ini", kFootConfig);
    write_file(dir_.file("content-moving.sh"), kMovingScript);
    write_file(dir_.file("content-static.sh"), kStaticScript);

    // 1. The session bus. --print-address writes the address once it listens.
    bus_address_ = "unix:path=" + runtime_dir_ + "/bus";
    dbus_ = spawn({"dbus-daemon", "--session", "--nofork", "--nopidfile", "--nosyslog",
                   "--address=" + bus_address_, "--print-address=1"},
                  {{"DISPLAY", ""}, {"WAYLAND_DISPLAY", ""}});
    wait_ready("dbus-daemon", dbus_.get(),
               [&] { return dbus_->stdout_text().find('\n') != std::string::npos; });

    // 2. sway. Its config's exec runs once the compositor is up and reports WAYLAND_DISPLAY,
    // DISPLAY (XWayland) and SWAYSOCK as sway gives them to its children.
    EnvVars sway_env{{"WLR_BACKENDS", "headless"},   {"WLR_RENDERER", "pixman"},
                     {"WLR_LIBINPUT_NO_DEVICES", "1"}, {"WLR_HEADLESS_OUTPUTS", "1"},
                     {"DISPLAY", ""},                 {"WAYLAND_DISPLAY", ""},
                     {"SWAYSOCK", runtime_dir_ + "/sway-ipc.sock"}};  // sway binds there
    if (as_root) {
        RunResult cc = run_command({"cc", "-shared", "-fPIC", "-O1", "-o", dir_.file("root-shim.so"),
                                    std::string(kHelpersDir) + "/sway_root_shim.c", "-ldl"},
                                   {}, std::chrono::seconds(60));
        if (cc.exit_code != 0)
            throw std::runtime_error("WaylandSession: cannot compile the sway root shim: " +
                                     cc.out + cc.err);
        sway_env["LD_PRELOAD"] = dir_.file("root-shim.so");
    }
    const std::string ready_file = dir_.file("sway-ready");
    std::ostringstream config;
    config << "xwayland enable\n"
           << "output HEADLESS-1 resolution " << options_.width << "x" << options_.height
           << " position 0 0\n"
           << "default_border none\n"
           << "default_floating_border none\n"
           << "focus_follows_mouse no\n"
           << "exec printf '%s\\n%s\\n%s\\n' \"$WAYLAND_DISPLAY\" \"$DISPLAY\" \"$SWAYSOCK\" > "
           << ready_file << ".tmp && mv " << ready_file << ".tmp " << ready_file << "\n";
    write_file(dir_.file("sway.config"), config.str());
    sway_ = spawn({"sway", "--config", dir_.file("sway.config")}, sway_env);
    wait_ready("sway", sway_.get(), [&] { return fs::exists(ready_file); });
    {
        std::istringstream lines(read_text_file(ready_file));
        std::getline(lines, wayland_display_);
        std::getline(lines, x_display_);
        std::getline(lines, swaysock_);
    }
    if (wayland_display_.empty() || swaysock_.empty())
        throw std::runtime_error("WaylandSession: sway gave no WAYLAND_DISPLAY/SWAYSOCK: " +
                                 log_of(sway_.get()));
    if (x_display_.empty())
        throw std::runtime_error(
            "WaylandSession: sway started no XWayland (needs xwayland, x11-xkb-utils, xkb-data; " +
            std::string(kWaylandInstallHint) + "): " + log_of(sway_.get()));
    wait_ready("sway sockets", sway_.get(), [&] {
        return fs::exists(runtime_dir_ + "/" + wayland_display_) && fs::exists(swaysock_) &&
               swaymsg({"-t", "get_outputs"}).out.find(output_name()) != std::string::npos;
    });
    start_content(options_.moving_content);

    // 3. PipeWire, then its session manager (which links a consumer to the portal's stream node).
    pipewire_ = spawn({"pipewire"});
    wait_ready("pipewire", pipewire_.get(), [&] {
        return fs::exists(runtime_dir_ + "/pipewire-0") &&
               run_command({"pw-cli", "info", "0"}, daemon_env(), std::chrono::seconds(10))
                       .exit_code == 0;
    });
    wireplumber_ = spawn({"wireplumber"});
    wait_ready("wireplumber", wireplumber_.get(), [&] {
        return run_command({"pw-cli", "ls", "Client"}, daemon_env(), std::chrono::seconds(10))
                   .out.find("\"WirePlumber\"") != std::string::npos;
    });

    // 4. The wlroots portal backend (ours, patched), casting HEADLESS-1 without asking. It must own
    // its bus name before the frontend looks for it, or D-Bus would activate the unpatched one.
    std::ostringstream xdpw_config;
    xdpw_config << "[screencast]\n"
                << "output_name=" << output_name() << "\n"
                << (options_.chooser_cmd.empty() ? "chooser_type=none\n"
                                                 : "chooser_type=simple\nchooser_cmd=" + options_.chooser_cmd + "\n")
                << "max_fps=" << options_.max_fps << "\n";
    const std::string xdpw_config_path = home_ + "/.config/xdg-desktop-portal-wlr/config";
    write_file(xdpw_config_path, xdpw_config.str());
    EnvVars xdpw_env;
    if (options_.allow_restore_tokens) xdpw_env["XDPW_PERSIST_MODE"] = "permanent";
    xdpw_ = spawn({xdpw_path(), "-r", "-l", "DEBUG", "-c", xdpw_config_path}, xdpw_env);
    wait_ready("xdg-desktop-portal-wlr", xdpw_.get(), [&] {
        return dbus_name_has_owner(daemon_env(), "org.freedesktop.impl.portal.desktop.wlr");
    });

    // 5. The GlobalShortcuts test backend, owning its name before the frontend starts (the
    // frontend creates its proxy for each backend once, at startup), and a private portals dir
    // listing it next to the system's *.portal files (wlr.portal: ScreenCast, Screenshot).
    EnvVars portal_env;
    if (options_.global_shortcuts_backend) {
        const std::string script = shortcuts_backend_path();
        if (!fs::is_regular_file(script))
            throw std::runtime_error("WaylandSession: GlobalShortcuts test backend not found at '" +
                                     script + "'");
        const std::string portals = dir_.file("portals");
        fs::create_directories(portals);
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(kSystemPortalDir, ec))
            if (entry.path().extension() == ".portal")
                fs::copy_file(entry.path(), portals + "/" + entry.path().filename().string(),
                              fs::copy_options::overwrite_existing);
        write_file(portals + "/clipnotetest.portal", kClipnoteTestPortal);
        shortcuts_ = spawn({python3_path(), "-u", script, kGlobalShortcutsBackendName});
        wait_ready("GlobalShortcuts test backend (python3-gi; " + std::string(kWaylandInstallHint) +
                       ")",
                   shortcuts_.get(),
                   [&] { return dbus_name_has_owner(daemon_env(), kGlobalShortcutsBackendName); });
        portal_env["XDG_DESKTOP_PORTAL_DIR"] = portals;
    }

    // 6. The portal frontend: ready when its name is owned and it offers ScreenCast (and
    // GlobalShortcuts with the test backend), asking only after the name is owned, so the call
    // does not activate a second frontend.
    portal_ = spawn({kPortalFrontend, "-r"}, portal_env);
    wait_ready("xdg-desktop-portal", portal_.get(), [&] {
        if (!dbus_name_has_owner(daemon_env(), "org.freedesktop.portal.Desktop")) return false;
        RunResult r = run_command(
            {"dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.portal.Desktop",
             "/org/freedesktop/portal/desktop", "org.freedesktop.DBus.Introspectable.Introspect"},
            daemon_env(), std::chrono::seconds(10));
        return r.exit_code == 0 &&
               r.out.find("\"org.freedesktop.portal.ScreenCast\"") != std::string::npos &&
               (!options_.global_shortcuts_backend ||
                r.out.find("\"org.freedesktop.portal.GlobalShortcuts\"") != std::string::npos);
    });
}

void WaylandSession::start_content(bool moving) {
    const std::string old_app_id = "clipnote-content-" + std::to_string(content_generation_);
    const bool had_window = content_generation_ > 0;
    const std::string app_id = "clipnote-content-" + std::to_string(++content_generation_);
    const std::string script = dir_.file(moving ? "content-moving.sh" : "content-static.sh");
    RunResult r = swaymsg({"--", "exec", "foot", "--app-id=" + app_id, "sh", script});
    if (r.exit_code != 0)
        throw std::runtime_error("WaylandSession: swaymsg exec foot failed: " + r.out + r.err);
    wait_ready("content window (foot)", sway_.get(),
               [&] { return content_window_mapped(app_id); });
    if (had_window) {
        swaymsg({"--", "[app_id=\"" + old_app_id + "\"]", "kill"});
        wait_ready("old content window closing", sway_.get(),
                   [&] { return !content_window_mapped(old_app_id); });
    }
    moving_ = moving;
}

bool WaylandSession::content_window_mapped(const std::string& app_id) const {
    RunResult r = swaymsg({"-t", "get_tree"});
    return r.exit_code == 0 && r.out.find("\"" + app_id + "\"") != std::string::npos;
}

void WaylandSession::set_moving(bool moving) {
    if (moving == moving_) return;
    start_content(moving);
}

RunResult WaylandSession::swaymsg(const std::vector<std::string>& args) const {
    std::vector<std::string> argv{"swaymsg", "-s", swaysock_};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(argv, env(), std::chrono::seconds(10));
}

void WaylandSession::screenshot(const std::string& path) const {
    require_program("grim");
    const bool ppm = path.size() >= 4 && path.compare(path.size() - 4, 4, ".ppm") == 0;
    std::vector<std::string> argv{"grim", "-o", output_name()};
    if (ppm) argv.insert(argv.end(), {"-t", "ppm"});
    argv.push_back(path);
    RunResult r = run_command(argv, env(), std::chrono::seconds(20));
    if (r.exit_code != 0)
        throw std::runtime_error("WaylandSession: grim failed (code " +
                                 std::to_string(r.exit_code) + "): " + r.err);
}

void WaylandSession::type_keys(const std::string& text) const {
    require_program("wtype");
    RunResult r = run_command({"wtype", "--", text}, env(), std::chrono::seconds(20));
    if (r.exit_code != 0) throw std::runtime_error("WaylandSession: wtype failed: " + r.err);
}

void WaylandSession::press_chord(const std::string& chord) const {
    require_program("wtype");
    std::vector<std::string> parts;
    std::stringstream ss(chord);
    for (std::string part; std::getline(ss, part, '+');)
        if (!part.empty()) parts.push_back(part);
    if (parts.empty()) throw std::invalid_argument("press_chord: empty chord");
    std::vector<std::string> mods;
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
        std::string m = parts[i];
        std::transform(m.begin(), m.end(), m.begin(), ::tolower);
        if (m == "control") m = "ctrl";
        if (m == "super" || m == "win" || m == "mod4" || m == "meta") m = "logo";
        if (m != "ctrl" && m != "alt" && m != "shift" && m != "logo" && m != "altgr")
            throw std::invalid_argument("press_chord: unknown modifier '" + parts[i] + "'");
        mods.push_back(m);
    }
    // wtype brings its own keymap; XWayland compiles it (xkbcomp) before it can deliver keys, and
    // drops keys that come sooner. No event says when it is done, so wtype waits 500 ms first.
    std::vector<std::string> argv{"wtype", "-s", "500"};
    for (const auto& m : mods) argv.insert(argv.end(), {"-M", m});
    argv.insert(argv.end(), {"-P", parts.back(), "-s", "50", "-p", parts.back()});
    for (auto it = mods.rbegin(); it != mods.rend(); ++it) argv.insert(argv.end(), {"-m", *it});
    RunResult r = run_command(argv, env(), std::chrono::seconds(20));
    if (r.exit_code != 0) throw std::runtime_error("WaylandSession: wtype failed: " + r.err);
}

std::string WaylandSession::clipboard() const {
    require_program("wl-paste");
    RunResult r = run_command({"wl-paste", "--no-newline"}, env(), std::chrono::seconds(10));
    return r.exit_code == 0 ? r.out : std::string();
}

void WaylandSession::stop_pipewire(int sig) {
    if (!pipewire_ || !pipewire_->running()) return;
    pipewire_->signal_group(sig);
    pipewire_->wait_for(std::chrono::seconds(10));
}

bool WaylandSession::pipewire_running() { return pipewire_ && pipewire_->running(); }

std::string WaylandSession::xdpw_log() const { return xdpw_ ? xdpw_->stderr_text() : ""; }
std::string WaylandSession::portal_log() const { return portal_ ? portal_->stderr_text() : ""; }
std::string WaylandSession::sway_log() const { return sway_ ? sway_->stderr_text() : ""; }
std::string WaylandSession::pipewire_log() const {
    return pipewire_ ? pipewire_->stderr_text() : "";
}
std::string WaylandSession::shortcuts_log() const {
    return shortcuts_ ? shortcuts_->stderr_text() : "";
}

RunResult WaylandSession::call_shortcuts_control(const std::string& method,
                                                 const std::vector<std::string>& args) const {
    if (!shortcuts_)
        throw std::runtime_error("WaylandSession: " + method +
                                 ": no GlobalShortcuts test backend "
                                 "(WaylandSessionOptions::global_shortcuts_backend is false)");
    std::vector<std::string> argv{"dbus-send",
                                  "--session",
                                  "--print-reply",
                                  std::string("--dest=") + kGlobalShortcutsBackendName,
                                  kGlobalShortcutsControlPath,
                                  std::string(kGlobalShortcutsControlInterface) + "." + method};
    argv.insert(argv.end(), args.begin(), args.end());
    RunResult r = run_command(argv, env(), std::chrono::seconds(10));
    if (r.exit_code != 0)
        throw std::runtime_error("WaylandSession: GlobalShortcuts backend " + method +
                                 " failed (code " + std::to_string(r.exit_code) + "): " + r.err +
                                 "; backend log: " + tail(shortcuts_log()));
    return r;
}

namespace {
// The value of dbus-send's "   uint32 N" reply line.
int reply_uint32(const RunResult& r) {
    const size_t pos = r.out.find("uint32 ");
    if (pos == std::string::npos)
        throw std::runtime_error("WaylandSession: no uint32 in dbus-send's reply: " + r.out);
    return std::stoi(r.out.substr(pos + 7));
}
}  // namespace

int WaylandSession::fire_shortcut(const std::string& id) const {
    return reply_uint32(call_shortcuts_control("Fire", {"string:" + id}));
}

int WaylandSession::shortcut_bind_count() const {
    return reply_uint32(call_shortcuts_control("BindCount"));
}

std::vector<std::pair<std::string, std::string>> WaylandSession::bound_shortcuts() const {
    // dbus-send prints each (ss) as two lines `string "..."` (unescaped, one per line).
    RunResult r = call_shortcuts_control("Bound");
    std::vector<std::string> strings;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
        const size_t start = line.find("string \"");
        const size_t end = line.rfind('"');
        if (start == std::string::npos || end < start + 8) continue;
        strings.push_back(line.substr(start + 8, end - start - 8));
    }
    std::vector<std::pair<std::string, std::string>> bound;
    for (size_t i = 0; i + 1 < strings.size(); i += 2) bound.emplace_back(strings[i], strings[i + 1]);
    return bound;
}

void WaylandSession::stop_all() noexcept {
    try {
        for (auto* p : {&portal_, &shortcuts_, &xdpw_, &wireplumber_, &pipewire_, &sway_, &dbus_})
            if (*p) (*p)->stop(std::chrono::seconds(2));
        if (!runtime_dir_.empty()) {
            // Leftovers outside the process groups: two rounds, in case one started another.
            for (int round = 0; round < 2; ++round) {
                std::vector<pid_t> pids = session_processes(runtime_dir_);
                if (pids.empty()) break;
                for (pid_t pid : pids) ::kill(pid, SIGKILL);
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
        }
        for (const auto& mount_point : mounts_under(dir_.path()))
            ::umount2(mount_point.c_str(), MNT_DETACH);
    } catch (...) {
    }
}

}  // namespace clipnote::test
