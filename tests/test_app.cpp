// The desktop app under Xvfb, driven like a person would: xdotool key presses, the clipboard read
// back with xclip, screenshots taken with x11grab (kept in test-artifacts/).
#include <chrono>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <thread>

#include "recording_fixture.h"

using namespace clipnote::test;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

// A running `clipnote` app with a synthetic webcam, no microphone and a 1 s countdown.
class AppSession {
public:
    explicit AppSession(XvfbSession& x, const std::string& runtime_name = "run") : x_(x) {
        fs::create_directories(dir_.file("config/clipnote"));
        fs::create_directories(dir_.file(runtime_name));
        fs::permissions(dir_.file(runtime_name), fs::perms::owner_all);
        std::ofstream(dir_.file("config/clipnote/config.toml"))
            << "[capture]\ncamera = \"lavfi:testsrc2=size=320x240:rate=15\"\nuse_mic = false\n"
            << "[app]\ncountdown = 1\n";
        env_ = merge(x.env(), {{"XDG_CONFIG_HOME", dir_.file("config")},
                               {"XDG_DATA_HOME", dir_.file("data")},
                               {"XDG_VIDEOS_DIR", dir_.file("videos")},
                               {"XDG_RUNTIME_DIR", dir_.file(runtime_name)}});
        app_ = std::make_unique<ChildProcess>(std::vector<std::string>{clipnote_binary()}, env_);
        const auto found = run_command({"xdotool", "search", "--sync", "--onlyvisible", "--name", "^clipnote$"}, env_,
                                       std::chrono::seconds(20));
        REQUIRE_MESSAGE(found.exit_code == 0, "the app window did not appear: " << app_->stderr_text());
        std::this_thread::sleep_for(300ms);  // the first frames
    }
    const EnvVars& env() const { return env_; }
    ChildProcess& process() { return *app_; }
    fs::path uploads() const { return dir_.file("data/clipnote/uploads"); }
    fs::path videos() const { return dir_.file("videos/clipnote"); }
    void press(const std::string& chord) { REQUIRE(run_command({"xdotool", "key", chord}, env_).exit_code == 0); }

    // Waits until a file with `extension` appears in `folder` (and stops growing).
    fs::path wait_for_file(const fs::path& folder, const std::string& extension, std::chrono::seconds timeout) {
        const auto end = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < end) {
            std::error_code ec;
            for (const auto& e : fs::directory_iterator(folder, ec))
                if (e.path().extension() == extension) return e.path();
            std::this_thread::sleep_for(200ms);
        }
        FAIL("no " << extension << " in " << folder << " after " << timeout.count() << " s; app says: "
                   << app_->stderr_text());
        return {};
    }

private:
    XvfbSession& x_;
    TempDir dir_{"clipnote-app-"};
    EnvVars env_;
    std::unique_ptr<ChildProcess> app_;
};

std::string artifact(const std::string& name) {
    fs::create_directories(CLIPNOTE_ARTIFACTS_DIR);
    return std::string(CLIPNOTE_ARTIFACTS_DIR) + "/" + name;
}

std::string screenshot(const XvfbSession& x, const std::string& name) {
    const std::string path = artifact(name);
    const auto r = run_command({"ffmpeg", "-v", "error", "-f", "x11grab", "-i", x.display(), "-frames:v", "1", "-y", path});
    REQUIRE(r.exit_code == 0);
    return path;
}

}  // namespace

TEST_CASE("the app opens its window and draws its controls") {
    XvfbSession x(1280, 720);
    AppSession app(x);
    const auto frames = decode_video(screenshot(x, "app-main.png"));
    REQUIRE(frames.size() == 1);
    const RgbFrame& f = frames[0];
    size_t red = 0, background = 0, light_text = 0;
    for (int y = 0; y < f.height; ++y)
        for (int x0 = 0; x0 < f.width; ++x0) {
            const auto p = f.pixel(x0, y);
            if (p[0] > 180 && p[1] < 110 && p[2] < 120) ++red;                                   // the Record button
            if (std::abs(p[0] - 28) < 6 && std::abs(p[1] - 31) < 6 && std::abs(p[2] - 38) < 6) ++background;
            if (p[0] > 200 && p[1] > 200 && p[2] > 200) ++light_text;                           // labels
        }
    INFO("red " << red << ", background " << background << ", text " << light_text);
    CHECK(red > 5000);
    CHECK(background > 50000);
    CHECK(light_text > 300);
}

TEST_CASE("the record hotkey starts and stops a recording, which is shared") {
    XvfbSession x(1280, 720);
    AppSession app(x);
    app.press("ctrl+alt+r");
    std::this_thread::sleep_for(3500ms);  // 1 s countdown, then ~2.5 s of recording
    app.press("ctrl+alt+r");
    const fs::path shared = app.wait_for_file(app.uploads(), ".mp4", std::chrono::seconds(30));
    const MediaInfo info = probe_media(shared.string());
    REQUIRE(info.video());
    CHECK(info.duration_s > 1.5);
    CHECK(info.duration_s < 4.0);
    CHECK(info.video()->width == 1280);
    std::this_thread::sleep_for(500ms);  // the queue marks it done right after the copy
    const auto paste = run_command({"xclip", "-o", "-selection", "clipboard"}, app.env(), std::chrono::seconds(10));
    CHECK(paste.out == "file://" + shared.string());
    // It landed in the history, with its link.
    const auto history = run_command({clipnote_binary(), "history", "--json"}, app.env());
    INFO(history.out << history.err);
    CHECK(history.exit_code == 0);
    CHECK(history.out.find("file://" + shared.string()) != std::string::npos);
}

TEST_CASE("the reaction hotkey makes a 3 s GIF and puts its link on the clipboard") {
    XvfbSession x(1280, 720);
    AppSession app(x);
    app.press("ctrl+alt+g");
    const fs::path gif = app.wait_for_file(app.uploads(), ".gif", std::chrono::seconds(30));
    std::this_thread::sleep_for(500ms);  // the clipboard is set right after the copy
    const auto delays = gif_frame_delays_s(gif.string());
    CHECK(std::accumulate(delays.begin(), delays.end(), 0.0) == doctest::Approx(3.0).epsilon(0.03));
    CHECK(decode_video(gif.string()).size() == delays.size());
    const auto paste = run_command({"xclip", "-o", "-selection", "clipboard"}, app.env(), std::chrono::seconds(10));
    CHECK(paste.out == "file://" + gif.string());
    screenshot(x, "app-after-reaction.png");
}

TEST_CASE("a hotkey another program holds is reported, not lost") {
    XvfbSession x(1280, 720);
    AppSession first(x, "run-first");
    AppSession second(x, "run-second");  // its own socket, the same X server: the chords are taken
    std::this_thread::sleep_for(500ms);
    const std::string err = second.process().stderr_text();
    INFO(err);
    CHECK(err.find("ctrl+alt+r is taken by another program (BadAccess)") != std::string::npos);
    CHECK(err.find("ctrl+alt+g is taken by another program (BadAccess)") != std::string::npos);
    screenshot(x, "app-hotkey-taken.png");
}

TEST_CASE("clipnote react from a second process triggers the running app") {
    XvfbSession x(1280, 720);
    AppSession app(x);
    const auto r = run_command({clipnote_binary(), "react"}, app.env());
    CHECK(r.exit_code == 0);
    const fs::path gif = app.wait_for_file(app.uploads(), ".gif", std::chrono::seconds(30));
    CHECK_FALSE(decode_video(gif.string()).empty());

    // With no app listening: one clear line and a non-zero exit.
    TempDir empty;
    const auto none = run_command({clipnote_binary(), "toggle"}, {{"XDG_RUNTIME_DIR", empty.path()}});
    CHECK(none.exit_code != 0);
    CHECK(none.err.find("no clipnote app is running") != std::string::npos);
}
