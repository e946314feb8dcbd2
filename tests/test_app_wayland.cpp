// The desktop app in a headless Wayland session: hotkeys through the GlobalShortcuts portal (the
// real xdg-desktop-portal frontend, with the fixture's test backend behind it), the screen through
// the ScreenCast portal, the link on the Wayland clipboard.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "recording_fixture.h"
#include "support/app_trace.h"
#include "support/ppm.h"
#include "support/wayland_session.h"

using namespace clipnote::test;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

// The app with private folders, no camera and no microphone (so a reaction records the screen),
// a 1 s countdown; CLIPNOTE_TRACE=1 for its "clipboard", "frame" and "focused" lines.
struct WaylandApp {
    TempDir dir{"clipnote-wlapp-"};
    EnvVars env;
    std::unique_ptr<ChildProcess> app;

    explicit WaylandApp(const WaylandSession& w, const std::string& app_options = "countdown = 1\n",
                        const std::string& capture_options = "") {
        fs::create_directories(dir.file("config/clipnote"));
        std::ofstream(dir.file("config/clipnote/config.toml"))
            << "[capture]\nuse_mic = false\n" << capture_options << "[app]\n" << app_options;
        env = merge(w.env(), {{"CLIPNOTE_TRACE", "1"},
                              {"XDG_CONFIG_HOME", dir.file("config")},
                              {"XDG_DATA_HOME", dir.file("data")},
                              {"XDG_STATE_HOME", dir.file("state")},
                              {"XDG_VIDEOS_DIR", dir.file("videos")}});
        app = std::make_unique<ChildProcess>(std::vector<std::string>{clipnote_binary()}, env);
    }
    // Waits for `text` in the app's stderr.
    bool said(const std::string& text, std::chrono::seconds timeout) {
        const auto end = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < end) {
            if (app->stderr_text().find(text) != std::string::npos) return true;
            if (!app->running()) return false;
            std::this_thread::sleep_for(100ms);
        }
        return false;
    }
    std::string config_text() const { return read_text_file(dir.file("config/clipnote/config.toml")); }
};

// Share of pixels with a clear colour (one channel at least `spread` above another); a Picture
// (screenshot) or an RgbFrame (decoded video).
template <class Pixels>
double colour_share(const Pixels& p, int spread) {
    size_t n = 0;
    for (size_t i = 0; i + 2 < p.rgb.size(); i += 3)
        if (std::max({p.rgb[i], p.rgb[i + 1], p.rgb[i + 2]}) - std::min({p.rgb[i], p.rgb[i + 1], p.rgb[i + 2]}) >= spread) ++n;
    return p.rgb.empty() ? 0 : double(n) / double(p.rgb.size() / 3);
}

// Share of pixels that differ between two pictures of the same size.
double changed_share(const Picture& a, const Picture& b) {
    if (a.rgb.size() != b.rgb.size() || a.rgb.empty()) return 1;
    size_t n = 0;
    for (size_t i = 0; i < a.rgb.size(); i += 3)
        if (a.rgb[i] != b.rgb[i] || a.rgb[i + 1] != b.rgb[i + 1] || a.rgb[i + 2] != b.rgb[i + 2]) ++n;
    return double(n) / double(a.rgb.size() / 3);
}

// The sway tree node of the app's window (X11 class "clipnote"), or null.
nlohmann::json app_window_node(const WaylandSession& w) {
    std::vector<nlohmann::json> todo{nlohmann::json::parse(w.swaymsg({"-t", "get_tree"}).out)};
    while (!todo.empty()) {
        nlohmann::json n = std::move(todo.back());
        todo.pop_back();
        if (n.contains("window_properties") && n["window_properties"].value("class", "") == "clipnote") return n;
        for (const char* kids : {"nodes", "floating_nodes"})
            if (n.contains(kids))
                for (auto& k : n[kids]) todo.push_back(k);
    }
    return nullptr;
}

}  // namespace

TEST_CASE("Wayland app: the reaction hotkey fired through the GlobalShortcuts portal puts a GIF's link on the clipboard") {
    WaylandSession w;
    WaylandApp a(w);

    // The app binds both hotkeys through the portal, with the user's chords as preferred triggers.
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (w.shortcut_bind_count() < 1) {
        REQUIRE_MESSAGE(a.app->running(), a.app->stderr_text());
        REQUIRE_MESSAGE(std::chrono::steady_clock::now() < deadline, "no BindShortcuts: " << a.app->stderr_text());
        std::this_thread::sleep_for(100ms);
    }
    const auto bound = w.bound_shortcuts();
    CHECK(std::find(bound.begin(), bound.end(), std::pair<std::string, std::string>{"record", "CTRL+ALT+r"}) != bound.end());
    CHECK(std::find(bound.begin(), bound.end(), std::pair<std::string, std::string>{"reaction", "CTRL+ALT+g"}) != bound.end());

    REQUIRE(w.fire_shortcut("reaction") >= 1);
    REQUIRE_MESSAGE(a.said("clipnote-trace clipboard", 90s), a.app->stderr_text());

    // The GIF was recorded from the Wayland screen and shared to the implicit local folder.
    const fs::path uploads = a.dir.file("data/clipnote/uploads");
    fs::path gif;
    for (const auto& e : fs::recursive_directory_iterator(uploads))
        if (e.path().extension() == ".gif") gif = e.path();
    REQUIRE_FALSE(gif.empty());
    const MediaInfo info = probe_media(gif.string());
    REQUIRE(info.video());
    CHECK(info.video()->codec == "gif");
    CHECK(gif_frame_delays_s(gif.string()).size() > 1);  // moving content: several pictures

    // The link is on the Wayland clipboard and names that file.
    const std::string link = w.clipboard();
    CHECK(link.rfind("file://", 0) == 0);
    CHECK(link.find(gif.filename().string()) != std::string::npos);

    // The app runs on, but the screencast ended with the recording: no "screen shared" indicator
    // (and no compositor copying frames) between recordings.
    const auto closed_by = std::chrono::steady_clock::now() + 10s;
    while (w.xdpw_log().find("destroying session") == std::string::npos && std::chrono::steady_clock::now() < closed_by)
        std::this_thread::sleep_for(100ms);
    CHECK_MESSAGE(w.xdpw_log().find("destroying session") != std::string::npos, "the portal session is still open");
    CHECK(a.app->running());
}

TEST_CASE("Wayland app: without a GlobalShortcuts portal the app says so in one line with the commands to bind") {
    WaylandSessionOptions o;
    o.global_shortcuts_backend = false;
    WaylandSession w(o);
    WaylandApp a(w);
    REQUIRE_MESSAGE(a.said("no global hotkeys", 30s), a.app->stderr_text());
    const std::string err = a.app->stderr_text();
    const std::string line = err.substr(err.find("clipnote: no global hotkeys"));
    CHECK(line.substr(0, line.find('\n')).find("`clipnote toggle` and `clipnote react`") != std::string::npos);
    CHECK(a.app->running());  // the app goes on without hotkeys
}

TEST_CASE("Wayland app: the region overlay freezes the portal's picture; a chosen region records as a crop") {
    WaylandSession w;  // the terminal's coloured lines scroll all the time
    // The indicator is kept on screen here (under Wayland it would hide: where a window floats is
    // the compositor's choice, so only hiding keeps it out of the picture).
    WaylandApp a(w, "countdown = 0\nreview = false\nlive_preview = false\nindicator_in_recordings = true\n",
                 "area = 'region'\nregion = '320x240+100+100'\n");
    // The app is up: it has drawn its first frame, and its window is in sway's tree.
    const bool app_up = eventually([&] {
        return !trace_times(a.app->stderr_text(), "frame").empty() && !app_window_node(w).is_null();
    }, 30s);
    REQUIRE_MESSAGE(app_up, a.app->stderr_text());
    REQUIRE(w.swaymsg({"--", "[title=\"^clipnote$\"]", "focus"}).exit_code == 0);
    REQUIRE_MESSAGE(eventually([&] { return traced_focus(a.app->stderr_text()); }, 10s), "the app never got the keyboard");

    w.press_chord("F2");
    REQUIRE_MESSAGE(a.said("clipnote-trace region-overlay", 30s), a.app->stderr_text());
    // The overlay covers the screen with a still of it: the desktop's colours, and nothing moves
    // while the live desktop underneath keeps scrolling.
    Picture first, second;
    const auto frozen_by = std::chrono::steady_clock::now() + 10s;
    bool frozen = false;
    while (!frozen && std::chrono::steady_clock::now() < frozen_by) {
        w.screenshot(a.dir.file("s1.ppm"));
        std::this_thread::sleep_for(300ms);  // two pictures some terminal lines apart
        w.screenshot(a.dir.file("s2.ppm"));
        first = read_ppm(a.dir.file("s1.ppm")), second = read_ppm(a.dir.file("s2.ppm"));
        frozen = changed_share(first, second) < 0.001;
    }
    REQUIRE_MESSAGE(frozen, "the screen kept changing: no overlay covers it");
    CHECK_MESSAGE(colour_share(second, 30) > 0.05, "the overlay's still is not the desktop (black?)");
    w.press_chord("Escape");  // cancel: the region stays as it was
    REQUIRE(run_command({clipnote_binary(), "toggle"}, a.env).exit_code == 0);
    REQUIRE_MESSAGE(a.said("clipnote-trace first-picture", 30s), a.app->stderr_text());
    // The indicator floats, small, instead of taking half the screen as a tile (sway ignores
    // where a window asks to be, so it is centred).
    nlohmann::json indicator;
    const auto floating_by = std::chrono::steady_clock::now() + 5s;
    do {
        indicator = app_window_node(w);
        if (!indicator.is_null() && indicator.value("type", "") == "floating_con") break;
        std::this_thread::sleep_for(100ms);
    } while (std::chrono::steady_clock::now() < floating_by);
    REQUIRE_FALSE(indicator.is_null());
    CHECK(indicator.value("type", "") == "floating_con");
    CHECK(indicator["rect"].value("width", 0) < w.width() / 2);
    std::this_thread::sleep_for(1s);  // the length of the recording, not a wait for an event
    REQUIRE(run_command({clipnote_binary(), "toggle"}, a.env).exit_code == 0);
    REQUIRE_MESSAGE(a.said("clipnote-trace clipboard", 60s), a.app->stderr_text());

    // The recording is the region's crop of the Wayland screen.
    fs::path video;
    for (const auto& e : fs::recursive_directory_iterator(a.dir.file("data/clipnote/uploads")))
        if (e.path().extension() == ".mp4") video = e.path();
    REQUIRE_FALSE(video.empty());
    const MediaInfo info = probe_media(video.string());
    REQUIRE(info.video());
    CHECK(info.video()->width == 320);
    CHECK(info.video()->height == 240);
    const auto frames = decode_video(video.string());
    REQUIRE_FALSE(frames.empty());
    CHECK(colour_share(frames.back(), 60) > 0.02);  // the terminal's coloured lines
}
