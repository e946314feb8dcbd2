// The desktop app in a headless Wayland session: hotkeys through the GlobalShortcuts portal (the
// real xdg-desktop-portal frontend, with the fixture's test backend behind it), the screen through
// the ScreenCast portal, the link on the Wayland clipboard.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "recording_fixture.h"
#include "support/wayland_session.h"

using namespace clipnote::test;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

// The app with private folders, no camera and no microphone (so a reaction records the screen),
// a 1 s countdown; CLIPNOTE_TRACE=1 for its "clipboard" line.
struct WaylandApp {
    TempDir dir{"clipnote-wlapp-"};
    EnvVars env;
    std::unique_ptr<ChildProcess> app;

    explicit WaylandApp(const WaylandSession& w) {
        fs::create_directories(dir.file("config/clipnote"));
        std::ofstream(dir.file("config/clipnote/config.toml")) << "[capture]\nuse_mic = false\n[app]\ncountdown = 1\n";
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
};

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
    for (const auto& e : fs::directory_iterator(uploads))
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
