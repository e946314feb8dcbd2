// The desktop app under Xvfb, driven like a person would: xdotool key presses, the clipboard read
// back with xclip, screenshots taken with x11grab (kept in test-artifacts/).
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <algorithm>
#include <numeric>
#include <regex>
#include <sstream>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "fixtures/net.h"
#include "fixtures/s3_gate_server.h"
#include "recording_fixture.h"
#include "support/app_trace.h"
#include "support/browser_video.h"
#include "support/signal_analysis.h"
#include "support/webp_decode.h"
#include "upload/progress_text.h"
#include "support/x_animator_process.h"

using namespace clipnote::test;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

// An offset in a process's stderr (AppSession::mark()).
struct TraceMark {
    size_t at = 0;
};

// A running `clipnote` app with a synthetic webcam, no microphone and a 1 s countdown;
// `capture_extra`/`extra` add lines to its [capture] table and to the end of config.toml.
// It runs with CLIPNOTE_TRACE=1: the tests wait for the events it traces ("review", "clipboard",
// "frame" after each frame it puts on screen, ...), never for a guessed time.
class AppSession {
public:
    explicit AppSession(XvfbSession& x, const std::string& runtime_name = "run", const std::string& capture_extra = "",
                        const std::string& extra = "", const EnvVars& more_env = {})
        : x_(x) {
        fs::create_directories(dir_.file("config/clipnote"));
        fs::create_directories(dir_.file(runtime_name));
        fs::permissions(dir_.file(runtime_name), fs::perms::owner_all);
        std::ofstream(dir_.file("config/clipnote/config.toml"))
            << "[capture]\ncamera = \"lavfi:testsrc2=size=320x240:rate=15\"\n"
            << (capture_extra.find("use_mic") == std::string::npos ? "use_mic = false\n" : "") << capture_extra
            << "[app]\ncountdown = 1\n" << extra;
        env_ = merge(merge(x.env(), more_env), {{"CLIPNOTE_TRACE", "1"},
                                                {"XDG_CONFIG_HOME", dir_.file("config")},
                               {"XDG_DATA_HOME", dir_.file("data")},
                               {"XDG_VIDEOS_DIR", dir_.file("videos")},
                               {"XDG_RUNTIME_DIR", dir_.file(runtime_name)}});
        app_ = std::make_unique<ChildProcess>(std::vector<std::string>{clipnote_binary()}, env_);
        // This app's window (another app on the same X server has one of the same name). xdotool
        // gives up with BadWindow when a window it looks at goes away meanwhile: then again.
        RunResult found;
        const auto end = std::chrono::steady_clock::now() + 20s;
        do {
            found = run_command({"xdotool", "search", "--sync", "--onlyvisible", "--all", "--pid",
                                 std::to_string(app_->pid()), "--name", "^clipnote$"},
                                env_, std::chrono::seconds(20));
        } while (found.exit_code != 0 && app_->running() && std::chrono::steady_clock::now() < end);
        REQUIRE_MESSAGE(found.exit_code == 0, "the app window did not appear: " << found.err << log());
        window_ = found.out.substr(0, found.out.find('\n'));
        trace_time("frame");  // its first frames are on screen (hotkeys grabbed before them)
    }
    // Puts the pointer on the window and gives it the keyboard, as a person clicking it would;
    // returns once the app has been told it has the keyboard.
    void focus() {
        run_command({"xdotool", "mousemove", "--window", window_, "300", "300"}, env_);
        run_command({"xdotool", "windowfocus", "--sync", window_}, env_);
        REQUIRE_MESSAGE(eventually([&] { return traced_focus(app_->stderr_text()); }, 10s), "the app never got the keyboard: " << log());
    }
    fs::path config_file() const { return dir_.file("config/clipnote/config.toml"); }
    fs::path dir() const { return dir_.path(); }
    std::string config_text() const {
        std::ifstream in(config_file());
        std::ostringstream s;
        s << in.rdbuf();
        return s.str();
    }
    // `clipnote history --json` against the app's own data folder.
    std::string history_json() const {
        const auto r = run_command({clipnote_binary(), "history", "--json"}, env_);
        REQUIRE_MESSAGE(r.exit_code == 0, r.err);
        return r.out;
    }

    // A point in the app's stderr: the waits below, given it, see only what the app traced after it.
    using Mark = TraceMark;
    Mark mark() const { return {app_->stderr_text().size()}; }
    // Waits for the app's first "clipnote-trace EVENT" line after `since` (of an event that
    // happened at or after `not_before`); returns when the event happened (wall clock). Fails at
    // once if the app exits.
    WallTime trace_time(const std::string& event, Mark since = {}, std::chrono::seconds timeout = 30s,
                        WallTime not_before = {}) {
        const auto end = std::chrono::steady_clock::now() + timeout;
        const int64_t from_us = wall_us(not_before);
        for (;;) {
            const std::string err = app_->stderr_text();
            for (const int64_t t : trace_times(err, event, since.at))
                if (t >= from_us) return WallTime(std::chrono::microseconds(t));
            if (!app_->running()) FAIL("the app exited before \"" << event << "\"; it says: " << log());
            if (std::chrono::steady_clock::now() >= end)
                FAIL("no \"" << event << "\" from the app after " << timeout.count() << " s; it says: " << log());
            std::this_thread::sleep_for(20ms);
        }
    }
    // Waits for the event as trace_time does, then for a frame put on screen that was drawn from
    // the app's state after it: the window shows what the event changed. Returns the event's time.
    WallTime wait_for_trace(const std::string& event, Mark since = {}, std::chrono::seconds timeout = 30s) {
        const WallTime at = trace_time(event, since, timeout);
        const int64_t at_us = wall_us(at);
        // The app draws at least once a second even when idle.
        const bool drawn = eventually([&] {
            for (const int64_t t : trace_times(app_->stderr_text(), "frame", since.at))
                if (t >= at_us) return true;
            return false;
        }, 10s);
        REQUIRE_MESSAGE(drawn, "no frame drawn after \"" << event << "\"; the app says: " << log());
        return at;
    }
    // Presses the record hotkey; returns when the recording's clock started (after the countdown).
    WallTime start_recording() {
        const Mark m = mark();
        press("ctrl+alt+r");
        return trace_time("recording-start", m);
    }
    // Records a video update with the hotkey: `length` from the end of the countdown, then stops.
    void record_video(std::chrono::milliseconds length) {
        const WallTime started = start_recording();
        std::this_thread::sleep_until(started + length);  // the length of the recording: the behaviour itself
        press("ctrl+alt+r");
    }
    // What the app said on stderr, less the "frame" lines (one per wake-up): for failure messages.
    std::string log() const {
        std::istringstream in(app_->stderr_text());
        std::string line, out;
        while (std::getline(in, line))
            if (line.rfind("clipnote-trace frame ", 0) != 0) out += line + "\n";
        return out;
    }
    const EnvVars& env() const { return env_; }
    const std::string& window() const { return window_; }  // its X window id
    ChildProcess& process() { return *app_; }
    fs::path uploads() const { return dir_.file("data/clipnote/uploads"); }
    fs::path videos() const { return dir_.file("videos/clipnote"); }
    void press(const std::string& chord) { REQUIRE(run_command({"xdotool", "key", chord}, env_).exit_code == 0); }
    // Presses `chord` and waits for the app's `event` it causes (and the frame showing it).
    void press_for(const std::string& chord, const std::string& event) {
        const Mark m = mark();
        press(chord);
        wait_for_trace(event, m);
    }

    // Waits until a file with `extension` appears in `folder`.
    fs::path wait_for_file(const fs::path& folder, const std::string& extension, std::chrono::seconds timeout) {
        fs::path found;
        eventually([&] {
            std::error_code ec;
            for (const auto& e : fs::recursive_directory_iterator(folder, ec))
                if (e.path().extension() == extension) {
                    found = e.path();
                    return true;
                }
            return false;
        }, timeout);
        if (found.empty())
            FAIL("no " << extension << " in " << folder << " after " << timeout.count() << " s; app says: "
                       << log());
        return found;
    }

private:
    XvfbSession& x_;
    TempDir dir_{"clipnote-app-"};
    EnvVars env_;
    std::unique_ptr<ChildProcess> app_;
    std::string window_;
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

// Rows of `f` holding a run of >= `min_run` pure-red pixels that ends right where a run of
// >= `min_run` pure-blue pixels starts: x_animator's "split" picture (red left half, blue right
// half), scaled down. Nothing in the app's own UI draws red next to blue like that.
int split_picture_rows(const RgbFrame& f, int min_run) {
    auto red = [&](int x0, int y) {
        const auto p = f.pixel(x0, y);
        return p[0] > 170 && p[1] < 90 && p[2] < 90;
    };
    auto blue = [&](int x0, int y) {
        const auto p = f.pixel(x0, y);
        return p[2] > 170 && p[0] < 90 && p[1] < 90;
    };
    int rows = 0;
    for (int y = 0; y < f.height; ++y) {
        int red_run = 0, since_red = 1 << 20, blue_run = 0;
        bool found = false;
        for (int x0 = 0; x0 < f.width && !found; ++x0) {
            if (red(x0, y)) {
                ++red_run;
                since_red = 0;
                blue_run = 0;
                continue;
            }
            ++since_red;
            if (blue(x0, y)) {
                if (++blue_run >= min_run && red_run >= min_run) found = true;
            } else {
                blue_run = 0;
                if (since_red > 4) red_run = 0;  // a few blended pixels where red meets blue
            }
        }
        if (found) ++rows;
    }
    return rows;
}

// Pixels that differ (by more than 40 in some channel) between `a` and `b` at rows >= `from_y`.
size_t differing_pixels(const RgbFrame& a, const RgbFrame& b, int from_y) {
    size_t n = 0;
    for (int y = from_y; y < std::min(a.height, b.height); ++y)
        for (int x0 = 0; x0 < std::min(a.width, b.width); ++x0) {
            const auto p = a.pixel(x0, y), q = b.pixel(x0, y);
            if (std::abs(int(p[0]) - int(q[0])) > 40 || std::abs(int(p[1]) - int(q[1])) > 40 ||
                std::abs(int(p[2]) - int(q[2])) > 40)
                ++n;
        }
    return n;
}

// Light (label) pixels at rows >= `from_y`.
size_t light_pixels(const RgbFrame& f, int from_y) {
    size_t n = 0;
    for (int y = from_y; y < f.height; ++y)
        for (int x0 = 0; x0 < f.width; ++x0) {
            const auto p = f.pixel(x0, y);
            if (p[0] > 200 && p[1] > 200 && p[2] > 200) ++n;
        }
    return n;
}

// One below the lowest row of the selected screen's (blue) button: where the screen's own panel starts.
int below_selected_button(const RgbFrame& f) {
    int bottom = -1;
    for (int y = 0; y < f.height / 3; ++y)
        for (int x0 = 0; x0 < f.width; ++x0) {
            const auto p = f.pixel(x0, y);
            if (p[2] > 180 && p[0] < 110) bottom = y;
        }
    REQUIRE_MESSAGE(bottom >= 0, "no selected screen button in the top third");
    return bottom + 1;
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

TEST_CASE("the record hotkey records, Review shares the clip, History lists it with a thumbnail") {
    XvfbSession x(1280, 720);
    AppSession app(x, "run", "bubble = true\n", "indicator_in_recordings = true\n");  // for its screenshot
    {
        // What is recorded: red left half, blue right half over the whole screen (the thumbnail's picture).
        XAnimator picture(x, "split");
        const auto m = app.mark();
        app.press("ctrl+alt+r");
        const WallTime started = app.wait_for_trace("recording-start", m);  // after the countdown, the indicator up
        screenshot(x, "app-indicator.png");
        std::this_thread::sleep_until(started + 2500ms);  // the length of the recording: the behaviour itself
        app.press("ctrl+alt+r");
    }
    const fs::path recorded = app.wait_for_file(app.videos(), ".mp4", std::chrono::seconds(20));
    app.wait_for_trace("review");  // the file is finished, the Review screen up
    screenshot(x, "app-review.png");
    // Not shared yet: History has only the placeholder that lists it should the app die now.
    for (const auto& entry : nlohmann::json::parse(app.history_json()))
        if (entry["file"] == recorded.string()) CHECK(entry["state"] == "recording");
    app.focus();
    app.press("Return");  // Share
    const fs::path shared = app.wait_for_file(app.uploads(), ".mp4", std::chrono::seconds(30));
    app.wait_for_trace("clipboard");  // copied, marked done, link on the clipboard
    const MediaInfo info = probe_media(shared.string());
    REQUIRE(info.video());
    CHECK(info.duration_s > 1.5);
    CHECK(info.duration_s < 4.0);
    CHECK(info.video()->width == 1280);
    const auto paste = run_command({"xclip", "-o", "-selection", "clipboard"}, app.env(), std::chrono::seconds(10));
    CHECK(paste.out == "file://" + shared.string());
    const std::string history = app.history_json();
    INFO(history);
    CHECK(history.find("file://" + shared.string()) != std::string::npos);

    // History shows it, with a thumbnail of the recording: the red|blue split picture, scaled to
    // the thumbnail (128x72 or more), drawn nowhere else. Without the thumbnail (a placeholder
    // box) no row has red meeting blue.
    app.press_for("ctrl+2", "history-ready");  // listed, thumbnails drawn
    const auto frames = decode_video(screenshot(x, "app-history.png"));
    REQUIRE(frames.size() == 1);
    const int rows = split_picture_rows(frames[0], 40);
    INFO("rows with the red|blue thumbnail picture: " << rows);
    CHECK(rows >= 40);
}

// Records a 2 s video update with the hotkey and shares it from Review with Enter (the config
// makes GIF the format); returns the uploaded GIF once its link is on the clipboard.
namespace {
fs::path share_gif_from_review(AppSession& app) {
    app.record_video(2000ms);
    app.wait_for_trace("review");
    app.focus();
    app.press("Return");
    const fs::path gif = app.wait_for_file(app.uploads(), ".gif", std::chrono::seconds(60));
    app.wait_for_trace("clipboard");
    return gif;
}
}  // namespace

TEST_CASE("Review can share a video update as a GIF") {
    XvfbSession x(1280, 720);
    AppSession app(x, "run", "gif = true\n");
    const fs::path gif = share_gif_from_review(app);
    const auto delays = gif_frame_delays_s(gif.string());
    const double total = std::accumulate(delays.begin(), delays.end(), 0.0);
    CHECK(total > 1.5);
    CHECK(total < 3.5);
    const auto frames = decode_video(gif.string());
    REQUIRE_FALSE(frames.empty());
    CHECK(frames[0].width == 480);  // the GIF width setting
}

// A still screen makes a GIF of about 600 bytes at 480 px.
TEST_CASE("Review: a GIF fitted to its size limit is under it, and the app says what it gave up") {
    XvfbSession x(1280, 720);
    AppSession app(x, "run", "gif = true\ngif_max_size = \"300B\"\n");
    const fs::path gif = share_gif_from_review(app);
    CHECK(fs::file_size(gif) <= 300);
    const std::string said = app.log();
    INFO(said);
    CHECK(said.find("clipnote: to fit 300B the GIF gave up ") != std::string::npos);
}

namespace {
std::string file_bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<fs::path> files_with(const fs::path& folder, const std::string& extension) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(folder, ec))
        if (e.path().extension() == extension) out.push_back(e.path());
    return out;
}
}  // namespace

TEST_CASE("Review: a GIF that cannot fit its size limit is not shared; Review comes back saying what the WebP and "
          "the MP4 weigh, and Share sends the one it chose") {
    XvfbSession x(1280, 720);
    AppSession app(x, "run", "gif = true\ngif_max_size = \"60B\"\n");  // less than a GIF's header and one frame
    app.record_video(2000ms);
    app.wait_for_trace("review");
    app.focus();
    const auto shared = app.mark();
    app.press("Return");
    app.wait_for_trace("review", shared, 90s);  // back, after the GIF and the WebP were made
    screenshot(x, "app-review-gif-fallback.png");
    const std::string said = app.log();
    INFO(said);
    const std::smatch offer = [&] {
        std::smatch m;
        std::regex_search(said, m,
                          std::regex("clipnote: the GIF is [0-9.]+ [kM]?B, over 60B even at the smallest settings, so it was "
                                     "not shared: an animated WebP is ([0-9.]+ [kM]?B) \\(Discord, GitHub and browsers play "
                                     "it inline\\), the MP4 ([0-9.]+ [kM]?B); Review has the (WebP|MP4) chosen \\(also over the "
                                     "limit\\): Share sends it"));
        return m;
    }();
    REQUIRE(offer.size() == 4);
    CHECK(files_with(app.uploads(), ".gif").empty());  // nothing went out
    CHECK(files_with(app.videos(), ".gif").empty());   // the GIF over the limit is not left lying about
    const std::vector<fs::path> webps = files_with(app.videos(), ".webp");
    REQUIRE(webps.size() == 1);  // made to measure it, kept to send
    CHECK(offer[1].str() == clipnote::upload::format_size(fs::file_size(webps[0])));
    // Both are over 60 B: the smaller one is chosen, and the screen barely moved, so that is the WebP.
    CHECK(offer[3].str() == "WebP");

    const auto made_at = fs::last_write_time(webps[0]);
    const auto again = app.mark();
    app.press("Return");
    const fs::path sent = app.wait_for_file(app.uploads(), ".webp", std::chrono::seconds(60));
    app.wait_for_trace("clipboard", again);
    // The WebP measured is the one shared, not made again.
    REQUIRE(files_with(app.videos(), ".webp") == webps);
    CHECK(fs::last_write_time(webps[0]) == made_at);
    CHECK(file_bytes(sent) == file_bytes(webps[0]));
    const WebpAnimation animation = decode_webp_animation(sent.string());
    CHECK_FALSE(animation.frames.empty());  // a still screen makes a one-frame WebP
    CHECK(animation.width == 480);          // the GIF width setting
    CHECK(files_with(app.uploads(), ".gif").empty());
}

TEST_CASE("share_as = webp without Review: a video update goes out as an animated WebP") {
    XvfbSession x(1280, 720);
    AppSession app(x, "run", "share_as = \"webp\"\n", "review = false\n");
    app.record_video(1500ms);
    const fs::path sent = app.wait_for_file(app.uploads(), ".webp", std::chrono::seconds(60));
    app.wait_for_trace("clipboard");
    const WebpAnimation animation = decode_webp_animation(sent.string());
    CHECK_FALSE(animation.frames.empty());
    CHECK(animation.width == 480);  // the GIF/WebP width setting
    CHECK(files_with(app.uploads(), ".mp4").empty());
}

TEST_CASE("Review: Esc after a GIF that could not fit keeps the recording and leaves no WebP or GIF behind") {
    XvfbSession x(1280, 720);
    AppSession app(x, "run", "gif = true\ngif_max_size = \"60B\"\n");
    app.record_video(1500ms);
    app.wait_for_trace("review");
    app.focus();
    const auto shared = app.mark();
    app.press("Return");
    app.wait_for_trace("review", shared, 90s);
    REQUIRE(files_with(app.videos(), ".webp").size() == 1);  // made to be offered
    app.press_for("Escape", "kept");
    CHECK(files_with(app.videos(), ".webp").empty());
    CHECK(files_with(app.videos(), ".gif").empty());
    CHECK_FALSE(fs::exists(app.uploads()));
    const std::vector<fs::path> recordings = files_with(app.videos(), ".mp4");
    REQUIRE(recordings.size() == 1);
    const std::string history = app.history_json();
    INFO(history);
    CHECK(history.find(recordings[0].string()) != std::string::npos);
    CHECK(history.find("\"recorded\"") != std::string::npos);
}

TEST_CASE("Esc on the Review screen keeps the recording unshared, listed in History") {
    XvfbSession x(1280, 720);
    AppSession app(x);
    app.record_video(1500ms);
    const fs::path recorded = app.wait_for_file(app.videos(), ".mp4", std::chrono::seconds(20));
    app.wait_for_trace("review");
    app.focus();
    app.press_for("Escape", "kept");  // listed in History without being shared
    CHECK(fs::exists(recorded));
    CHECK_FALSE(fs::exists(app.uploads()));
    const std::string history = app.history_json();
    INFO(history);
    CHECK(history.find(recorded.string()) != std::string::npos);
    CHECK(history.find("\"recorded\"") != std::string::npos);
}

TEST_CASE("closing the app while recording keeps the recording, finished and listed in History") {
    XvfbSession x(1280, 720);
    AppSession app(x);
    const WallTime started = app.start_recording();
    std::this_thread::sleep_until(started + 2000ms);  // ~2 s recorded: the behaviour, not a wait for an event
    app.process().send_signal(SIGTERM);   // what logging out does; SDL turns it into a quit
    REQUIRE(app.process().wait_for(std::chrono::seconds(20)) == 0);
    const fs::path recorded = app.wait_for_file(app.videos(), ".mp4", std::chrono::seconds(1));
    const MediaInfo info = probe_media(recorded.string());
    CHECK(info.duration_s > 1.0);
    CHECK(info.duration_s < 3.5);
    const std::string history = app.history_json();
    INFO(history);
    CHECK(history.find(recorded.string()) != std::string::npos);
    CHECK(history.find("\"recorded\"") != std::string::npos);
}

TEST_CASE("the app killed -9 while recording: the next start lists the recording, which plays") {
    XvfbSession x(1280, 720);
    AppSession app(x);
    const WallTime started = app.start_recording();
    std::this_thread::sleep_until(started + 2500ms);  // ~2.5 s recorded: the behaviour, not a wait for an event
    app.process().send_signal(SIGKILL);
    app.process().wait_for(std::chrono::seconds(10));
    const fs::path recorded = app.wait_for_file(app.videos(), ".mp4", std::chrono::seconds(1));

    ChildProcess again({clipnote_binary()}, app.env());
    REQUIRE_MESSAGE(eventually([&] { return again.stderr_text().find("clipnote-trace recovered-recordings") != std::string::npos; },
                               20s),
                    again.stderr_text());
    const std::string history = app.history_json();
    INFO(history);
    CHECK(history.find(recorded.string()) != std::string::npos);
    CHECK(history.find("\"interrupted\"") != std::string::npos);
    const MediaInfo info = probe_media(recorded.string());
    REQUIRE(info.video());
    CHECK(info.video()->packet_span_s > 1.0);
}

TEST_CASE("one Cancel keeps the recording going, a second within 3 s discards it") {
    XvfbSession x(1280, 720);
    AppSession app(x);
    app.start_recording();
    auto m = app.mark();
    REQUIRE(run_command({clipnote_binary(), "cancel"}, app.env()).exit_code == 0);  // a stray Esc
    const WallTime armed = app.trace_time("cancel-armed", m);  // taken as a first press
    // The behaviour under test: no second press within 3 s, so this wait is the point, not an event.
    std::this_thread::sleep_until(armed + 3500ms);
    const fs::path recording = app.wait_for_file(app.videos(), ".mp4", std::chrono::seconds(1));
    std::error_code ec;
    const auto size_before = fs::file_size(recording, ec);
    REQUIRE_FALSE(ec);
    // Still recording: the file keeps growing (a fragment at a time).
    CHECK(eventually([&] { return fs::file_size(recording, ec) > size_before && !ec; }, 5s));
    m = app.mark();
    REQUIRE(run_command({clipnote_binary(), "cancel"}, app.env()).exit_code == 0);
    app.trace_time("cancel-armed", m);  // the first of two
    REQUIRE(run_command({clipnote_binary(), "cancel"}, app.env()).exit_code == 0);
    app.trace_time("discarded", m);
    size_t files = 0;
    for (const auto& e : fs::directory_iterator(app.videos(), ec)) files += e.path().extension() == ".mp4";
    CHECK(files == 0);  // discarded, nothing kept
    CHECK(app.history_json().find(".mp4") == std::string::npos);
    // The app is ready again: a new recording works.
    app.record_video(1500ms);
    app.wait_for_trace("review");
    CHECK_FALSE(app.wait_for_file(app.videos(), ".mp4", std::chrono::seconds(5)).empty());
}

TEST_CASE("a failed upload is reported, stays queued, and History retries it") {
    XvfbSession x(1280, 720);
    // The destination folder's place is taken by a file: every upload fails until it is gone.
    TempDir shared("clipnote-app-dest-");
    std::ofstream(shared.file("clips")) << "in the way";
    AppSession app(x, "run", "",
                   "\n[destination.team]\nkind = \"local\"\nfolder = \"" + shared.file("clips") + "\"\n");
    app.press("ctrl+alt+g");  // a reaction GIF shares at once
    const fs::path gif = app.wait_for_file(app.videos(), ".gif", std::chrono::seconds(30));
    app.wait_for_trace("upload-failed");  // reported: the message is on screen
    screenshot(x, "app-upload-failed.png");
    std::string history = app.history_json();
    INFO(history);
    CHECK(history.find("\"failed\"") != std::string::npos);
    CHECK(fs::exists(gif));

    fs::remove(shared.file("clips"));
    app.focus();
    app.press_for("ctrl+2", "history-ready");
    app.press("r");  // retry the selected (newest) entry
    const fs::path uploaded = app.wait_for_file(shared.file("clips"), ".gif", std::chrono::seconds(30));
    app.wait_for_trace("clipboard");
    CHECK(fs::file_size(uploaded) == fs::file_size(gif));
    history = app.history_json();
    CHECK(history.find("\"uploaded\"") != std::string::npos);
}

TEST_CASE("deleting from History asks first, then removes the entry, the file and the shared copy") {
    XvfbSession x(1280, 720);
    AppSession app(x);
    app.press("ctrl+alt+g");
    const fs::path gif = app.wait_for_file(app.uploads(), ".gif", std::chrono::seconds(30));
    app.wait_for_trace("clipboard");
    const fs::path recorded = app.wait_for_file(app.videos(), ".gif", std::chrono::seconds(5));
    app.focus();
    app.press_for("ctrl+2", "history-ready");
    app.press_for("Delete", "delete-asked");
    screenshot(x, "app-history-delete.png");
    CHECK(fs::exists(recorded));  // only asked so far
    CHECK(app.history_json().find(gif.filename().string()) != std::string::npos);
    CHECK(fs::exists(gif));
    app.press("Return");
    CHECK(eventually([&] { return !fs::exists(recorded); }, 10s));
    CHECK(eventually([&] { return app.history_json().find(gif.filename().string()) == std::string::npos; }, 10s));
    CHECK_FALSE(fs::exists(gif));                // the copy the link pointed at
    CHECK_FALSE(fs::exists(gif.parent_path()));  // and its folder
}

TEST_CASE("the region overlay: a drag selects an area, a click takes a window, and that is recorded") {
    XvfbSession x(1280, 720);
    XAnimator target(x, "split", "clipnote region target", "400x300+700+350");
    AppSession app(x);
    app.focus();
    app.press_for("F2", "region-overlay");  // the overlay covers the screen
    screenshot(x, "app-region-overlay.png");
    run_command({"xdotool", "mousemove", "100", "100", "mousedown", "1", "mousemove", "250", "200", "mousemove", "420",
                 "340", "mouseup", "1"},
                app.env());
    // The choice is saved to config.toml.
    CHECK(eventually([&] { return app.config_text().find("region = '320x240+100+100'") != std::string::npos; }, 10s));

    app.focus();
    app.press_for("F2", "region-overlay");
    run_command({"xdotool", "mousemove", "800", "400", "click", "1"}, app.env());
    CHECK(eventually([&] { return app.config_text().find("region = '400x300+700+350'") != std::string::npos; }, 10s));
    INFO(app.config_text());
    CHECK(app.config_text().find("area = 'region'") != std::string::npos);

    app.record_video(1500ms);
    app.wait_for_trace("review");
    app.focus();
    app.press("Return");
    const fs::path shared = app.wait_for_file(app.uploads(), ".mp4", std::chrono::seconds(30));
    app.wait_for_trace("clipboard");
    const auto frames = decode_video(shared.string());
    REQUIRE_FALSE(frames.empty());
    const RgbFrame& f = frames.back();
    CHECK(f.width == 400);
    CHECK(f.height == 300);
    CHECK(f.pixel(100, 150)[0] > 200);  // the window's left half is red
    CHECK(f.pixel(300, 150)[2] > 200);  // its right half blue
}

TEST_CASE("the region overlay covers the pointer's monitor only; a click on its bare desktop takes that monitor") {
    XvfbSession x(1280, 480);
    x.split_into_two_monitors();
    AppSession app(x);
    app.focus();
    run_command({"xdotool", "mousemove", "1000", "240"}, app.env());  // on "external", the right half
    app.press_for("F2", "region-overlay");
    screenshot(x, "app-region-overlay-monitor.png");
    run_command({"xdotool", "mousemove", "1100", "400", "click", "1"}, app.env());
    // The whole of that monitor, not the whole X screen (1280x480+0+0).
    CHECK(eventually([&] { return app.config_text().find("region = '640x480+640+0'") != std::string::npos; }, 10s));
    INFO(app.config_text());

    // A drag there is in the root window's coordinates.
    app.focus();
    run_command({"xdotool", "mousemove", "1000", "240"}, app.env());
    app.press_for("F2", "region-overlay");
    run_command({"xdotool", "mousemove", "700", "100", "mousedown", "1", "mousemove", "800", "200", "mousemove", "900",
                 "300", "mouseup", "1"},
                app.env());
    CHECK(eventually([&] { return app.config_text().find("region = '200x200+700+100'") != std::string::npos; }, 10s));
}

// Frames of `file` (every 3rd, from the 4th: the first pictures may catch the screen being
// repainted under the indicator just unmapped) with more than 5 % of the indicator's corner
// (its window on a 1280-wide screen) not the split picture's blue.
int frames_with_indicator(const std::string& file) {
    int n = 0;
    const auto frames = decode_video(file, -1, 3);
    for (size_t i = 1; i < frames.size(); ++i) {
        int other = 0, all = 0;
        for (int y = 20; y < 64; y += 2)
            for (int x0 = 930; x0 < 1260; x0 += 2, ++all) {
                const auto p = frames[i].pixel(x0, y);
                if (!(p[2] > 200 && p[0] < 60 && p[1] < 60)) ++other;
            }
        if (other * 20 > all) ++n;
    }
    return n;
}

TEST_CASE("a full-screen recording keeps the indicator out of the picture; the setting puts it back") {
    for (const bool shown : {false, true}) {
        CAPTURE(shown);
        XvfbSession x(1280, 720);
        AppSession app(x, "run", "", shown ? "indicator_in_recordings = true\n" : "");
        XAnimator picture(x, "split");  // the right half, where the indicator goes, is pure blue
        app.record_video(2000ms);
        const fs::path recorded = app.wait_for_file(app.videos(), ".mp4", std::chrono::seconds(20));
        app.wait_for_trace("review");  // finished
        const int with_indicator = frames_with_indicator(recorded.string());
        if (shown) {
            CHECK(with_indicator >= 10);  // the check sees an indicator that is there
        } else {
            CHECK(with_indicator == 0);
            CHECK(app.log().find("recording-start") != std::string::npos);
        }
    }
}

TEST_CASE("`clipnote pause` pauses the recording and the indicator's Stop button ends it") {
    XvfbSession x(1280, 720);
    AppSession app(x, "run", "", "indicator_in_recordings = true\n");  // its Stop button is clicked
    // The sleeps here are the recording's timeline (the behaviour under test), not waits for events.
    const WallTime started = app.start_recording();
    std::this_thread::sleep_until(started + 1000ms);  // ~1 s recorded
    REQUIRE(run_command({clipnote_binary(), "pause"}, app.env()).exit_code == 0);
    const auto paused = std::chrono::steady_clock::now();
    std::this_thread::sleep_for(2500ms);  // paused: not in the file
    screenshot(x, "app-indicator-paused.png");
    REQUIRE(run_command({clipnote_binary(), "pause"}, app.env()).exit_code == 0);
    const double paused_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - paused).count();
    std::this_thread::sleep_for(1000ms);  // ~1 s more

    // The indicator is the small window in the top-right corner; its one red thing is Stop.
    const auto frames = decode_video(screenshot(x, "app-indicator-before-stop.png"));
    REQUIRE(frames.size() == 1);
    long sx = 0, sy = 0, n = 0;
    for (int y = 0; y < 120; ++y)
        for (int x0 = 800; x0 < frames[0].width; ++x0) {
            const auto p = frames[0].pixel(x0, y);
            if (p[0] > 180 && p[1] < 90 && p[2] < 100) sx += x0, sy += y, ++n;
        }
    REQUIRE_MESSAGE(n > 300, "no Stop button in the top-right corner");
    run_command({"xdotool", "mousemove", std::to_string(sx / n), std::to_string(sy / n), "click", "1"}, app.env());
    const double wall_s = std::chrono::duration<double>(std::chrono::system_clock::now() - started).count();
    const fs::path recorded = app.wait_for_file(app.videos(), ".mp4", std::chrono::seconds(20));
    app.wait_for_trace("review");  // finished
    const MediaInfo info = probe_media(recorded.string());
    INFO("duration " << info.duration_s << " of " << wall_s << " s from the end of the countdown to Stop, "
                     << paused_s << " s paused");
    CHECK(info.duration_s > 1.4);  // ~1 s before the pause, ~1 s after
    // The paused span is not in the file (less a margin for the commands' own latency).
    CHECK(info.duration_s < wall_s - paused_s + 0.7);
    CHECK(info.duration_s < wall_s - 1.5);
}

TEST_CASE("the Review player plays the clip's sound") {
    XvfbSession x(1280, 720);
    PulseSession pulse;  // the app plays into its null sink; the test listens to the sink's monitor
    AppSession app(x, "run", "use_mic = true\nmic = \"lavfi:sine=frequency=660:sample_rate=48000\"\n", "",
                   pulse.env());
    app.record_video(2500ms);
    app.wait_for_trace("review");
    app.focus();
    TempDir heard("clipnote-heard-");
    ChildProcess listen({"ffmpeg", "-v", "error", "-f", "pulse", "-i", pulse.sink() + ".monitor", "-t", "2.5", "-ac",
                         "1", "-y", heard.file("heard.wav")},
                        merge(app.env(), pulse.env()));
    // ffmpeg listens once its recording stream is on the daemon (the app itself records nothing here).
    REQUIRE_MESSAGE(eventually([&] { return !pulse.pactl({"list", "short", "source-outputs"}).out.empty(); }, 10s),
                    listen.stderr_text());
    app.press("space");  // Play
    REQUIRE(listen.wait_for(std::chrono::seconds(15)) == 0);
    const AudioTrack audio = decode_audio_mono(heard.file("heard.wav"));
    REQUIRE(audio.mono.size() > size_t(audio.sample_rate));
    const std::vector<float> played(audio.mono.begin() + audio.sample_rate / 2, audio.mono.end());
    CHECK(rms_dbfs(played) > -45);  // a silent null sink is far below this
    CHECK(dominant_frequency_hz(played, audio.sample_rate) == doctest::Approx(660).epsilon(0.02));
}

TEST_CASE("Settings: Change, then a new chord, moves the record hotkey there and saves it") {
    XvfbSession x(1280, 720);
    AppSession app(x);
    app.focus();
    app.press_for("ctrl+3", "settings-ready");
    // The first "Change" button: the first patch of button colour below the screen switch.
    const auto frames = decode_video(screenshot(x, "app-settings-before-change.png"));
    REQUIRE(frames.size() == 1);
    int bx = -1, by = -1;
    for (int y = 70; y < 400 && bx < 0; ++y)
        for (int x0 = 0; x0 < frames[0].width; ++x0) {
            const auto p = frames[0].pixel(x0, y);
            if (std::abs(p[0] - 56) < 4 && std::abs(p[1] - 61) < 4 && std::abs(p[2] - 79) < 4) {
                bx = x0 + 20, by = y + 6;
                break;
            }
        }
    REQUIRE_MESSAGE(bx >= 0, "no button on the Settings screen");
    auto m = app.mark();
    run_command({"xdotool", "mousemove", std::to_string(bx), std::to_string(by), "click", "1"}, app.env());
    app.trace_time("waiting-for-chord", m);  // the click on Change was taken
    m = app.mark();
    app.press("ctrl+alt+k");
    const WallTime saved = app.wait_for_trace("settings-saved", m);
    screenshot(x, "app-settings-after-change.png");
    INFO(app.config_text());
    CHECK(app.config_text().find("record = 'ctrl+alt+k'") != std::string::npos);
    app.trace_time("hotkeys-bound", m, 30s, saved);  // grabbed again with the saved settings

    // The new chord records; the old one is free again.
    m = app.mark();
    app.press("ctrl+alt+k");
    const WallTime started = app.trace_time("recording-start", m);
    std::this_thread::sleep_until(started + 1500ms);  // the length of the recording
    app.press("ctrl+alt+k");
    CHECK_FALSE(app.wait_for_file(app.videos(), ".mp4", std::chrono::seconds(20)).empty());
}

TEST_CASE("the History and Settings screens draw") {
    XvfbSession x(1280, 720);
    AppSession app(x);
    app.focus();
    auto shot = [&](const std::string& keys, const std::string& drawn, const std::string& name) {
        app.press_for(keys, drawn);
        auto frames = decode_video(screenshot(x, name));
        REQUIRE(frames.size() == 1);
        return frames[0];
    };
    const RgbFrame empty_history = shot("ctrl+2", "history-ready", "app-history-empty.png");
    const int panel_top = below_selected_button(empty_history);
    const RgbFrame settings = shot("ctrl+3", "settings-ready", "app-settings.png");

    // Settings draws its controls: labelled, and nothing like the (nearly empty) History panel.
    INFO("panel from y " << panel_top << ": settings light " << light_pixels(settings, panel_top)
                         << ", differs from empty History at " << differing_pixels(settings, empty_history, panel_top));
    CHECK(light_pixels(settings, panel_top) > 1500);
    CHECK(differing_pixels(settings, empty_history, panel_top) > 5000);

    // A recording kept unshared is listed: its row (thumbnail, name, buttons) is drawn where the
    // empty History had nothing.
    app.record_video(1500ms);
    const fs::path recorded = app.wait_for_file(app.videos(), ".mp4", std::chrono::seconds(20));
    app.wait_for_trace("review");
    app.focus();
    app.press_for("Escape", "kept");
    REQUIRE(app.history_json().find(recorded.string()) != std::string::npos);
    const RgbFrame listed = shot("ctrl+2", "history-ready", "app-history-listed.png");
    const size_t changed = differing_pixels(listed, empty_history, panel_top);
    INFO("History light " << light_pixels(listed, panel_top) << " (empty " << light_pixels(empty_history, panel_top)
                          << "), differs from empty at " << changed);
    CHECK(changed > 128 * 72);  // at least a thumbnail's worth
    CHECK(light_pixels(listed, panel_top) > light_pixels(empty_history, panel_top) + 300);  // the row's labels
}

TEST_CASE("the reaction hotkey makes a 3 s GIF and puts its link on the clipboard") {
    XvfbSession x(1280, 720);
    AppSession app(x);
    app.press("ctrl+alt+g");
    const fs::path gif = app.wait_for_file(app.uploads(), ".gif", std::chrono::seconds(30));
    app.wait_for_trace("clipboard");
    const auto delays = gif_frame_delays_s(gif.string());
    CHECK(std::accumulate(delays.begin(), delays.end(), 0.0) == doctest::Approx(3.0).epsilon(0.03));
    CHECK(decode_video(gif.string()).size() == delays.size());
    const auto paste = run_command({"xclip", "-o", "-selection", "clipboard"}, app.env(), std::chrono::seconds(10));
    CHECK(paste.out == "file://" + gif.string());
    screenshot(x, "app-after-reaction.png");
}

// Starts a private session bus (dbus-daemon) into `bus`; returns its address.
std::string start_session_bus(std::unique_ptr<ChildProcess>& bus) {
    bus = std::make_unique<ChildProcess>(std::vector<std::string>{"dbus-daemon", "--session", "--nofork", "--print-address=1"});
    std::string address;
    eventually([&] {
        const std::string out = bus->stdout_text();
        if (out.find('\n') != std::string::npos) address = out.substr(0, out.find('\n'));
        return !address.empty();
    }, 5s);
    REQUIRE_MESSAGE(!address.empty(), "dbus-daemon gave no address");
    return address;
}

TEST_CASE("a shared link raises a desktop notification") {
    XvfbSession x(1280, 720);
    std::unique_ptr<ChildProcess> bus;
    // A private session bus, and dbus-monitor on it watching what the notification daemon gets.
    const std::string address = start_session_bus(bus);
    ChildProcess monitor({"dbus-monitor", "--address", address, "interface='org.freedesktop.Notifications'"});
    // A real notification daemon on that bus, drawing on the test's X server.
    ChildProcess daemon({"dunst"}, merge(x.env(), {{"DBUS_SESSION_BUS_ADDRESS", address}}));
    // Both are ready: the monitor has said it is one (it prints its own NameLost when it becomes a
    // monitor) and the daemon owns the notifications name.
    REQUIRE_MESSAGE(eventually([&] { return monitor.stdout_text().find("NameLost") != std::string::npos; }, 10s),
                    monitor.stdout_text() << monitor.stderr_text());
    REQUIRE_MESSAGE(eventually([&] {
        return run_command({"dbus-send", "--bus=" + address, "--print-reply", "--dest=org.freedesktop.DBus",
                            "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner",
                            "string:org.freedesktop.Notifications"})
                   .out.find("boolean true") != std::string::npos;
    }, 10s), daemon.stderr_text());
    AppSession app(x, "run", "", "", {{"DBUS_SESSION_BUS_ADDRESS", address}});
    app.press("ctrl+alt+g");
    const fs::path gif = app.wait_for_file(app.uploads(), ".gif", std::chrono::seconds(30));
    app.wait_for_trace("clipboard");
    std::string seen;
    eventually([&] { return (seen = monitor.stdout_text()).find("file://" + gif.string()) != std::string::npos; }, 5s);
    INFO(seen);
    CHECK(seen.find("member=Notify") != std::string::npos);
    CHECK(seen.find("\"Link copied\"") != std::string::npos);
    CHECK(seen.find("file://" + gif.string()) != std::string::npos);
    screenshot(x, "app-notification.png");
}

// A private session bus with the panel's side of the tray on it (tests/helpers/sni_watcher: an
// org.kde.StatusNotifierWatcher that prints each item registering).
class TrayPanel {
public:
    TrayPanel() : address_(start_session_bus(bus_)) {
        watcher_ = std::make_unique<ChildProcess>(std::vector<std::string>{CLIPNOTE_SNI_WATCHER}, env());
        REQUIRE_MESSAGE(eventually([&] { return watcher_->stdout_text().find("ready") != std::string::npos; }, 10s),
                        watcher_->stderr_text());
    }
    EnvVars env() const { return {{"DBUS_SESSION_BUS_ADDRESS", address_}}; }
    const std::string& address() const { return address_; }
    // The bus name of the item that registered; `log` explains a failure.
    std::string wait_for_item(const std::string& log) const {
        std::smatch m;
        std::string out;
        const std::regex item("registered (org\\.kde\\.StatusNotifierItem-[0-9]+-1)");
        REQUIRE_MESSAGE(eventually([&] { return std::regex_search(out = watcher_->stdout_text(), m, item); }, 10s),
                        out << log);
        return m[1];
    }

private:
    std::unique_ptr<ChildProcess> bus_;
    std::string address_;
    std::unique_ptr<ChildProcess> watcher_;
};

TEST_CASE("the tray icon registers with the panel, shows the state, and its menu's Reaction GIF makes one") {
    XvfbSession x(1280, 720);
    TrayPanel panel;
    AppSession app(x, "run", "", "reaction_seconds = 1\n", panel.env());
    const std::string service = panel.wait_for_item(app.log());
    const std::string& address = panel.address();
    auto call = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {"gdbus", "call", "--address", address, "--dest", service});
        const RunResult r = run_command(args);
        return r.exit_code == 0 ? r.out : "(gdbus failed: " + r.err + ")";
    };
    auto item_property = [&](const std::string& name) {
        return call({"--object-path", "/StatusNotifierItem", "--method", "org.freedesktop.DBus.Properties.Get",
                     "org.kde.StatusNotifierItem", name});
    };
    CHECK(item_property("IconName") == "(<'clipnote'>,)\n");
    CHECK(item_property("Status") == "(<'Active'>,)\n");
    CHECK(item_property("Menu") == "(<objectpath '/MenuBar'>,)\n");
    CHECK(item_property("Id") == "(<'clipnote'>,)\n");

    // The menu, as a panel reads it (com.canonical.dbusmenu).
    const std::string layout =
        call({"--object-path", "/MenuBar", "--method", "com.canonical.dbusmenu.GetLayout", "--", "0", "-1", "[]"});
    INFO(layout);
    for (const char* label : {"Record", "Reaction GIF", "Pause", "Open clipnote", "History", "Quit"})
        CHECK(layout.find(std::string("'label': <'") + label + "'>") != std::string::npos);
    std::smatch reaction;
    REQUIRE(std::regex_search(layout, reaction, std::regex(R"(\((\d+), \{'label': <'Reaction GIF'>, 'enabled': <true>)")));

    // Clicked in the panel's menu: a reaction GIF, its link on the clipboard; meanwhile the icon says so.
    const auto mark = app.mark();
    call({"--object-path", "/MenuBar", "--method", "com.canonical.dbusmenu.Event", "--", reaction[1], "clicked",
          "<int32 0>", "0"});
    app.wait_for_trace("recording-start", mark);
    CHECK(eventually([&] { return item_property("IconName") == "(<'media-record'>,)\n"; }, 5s));
    CHECK(item_property("Status") == "(<'NeedsAttention'>,)\n");
    const fs::path gif = app.wait_for_file(app.uploads(), ".gif", std::chrono::seconds(30));
    app.wait_for_trace("clipboard");
    CHECK_FALSE(decode_video(gif.string()).empty());
    const auto paste = run_command({"xclip", "-o", "-selection", "clipboard"}, app.env(), std::chrono::seconds(10));
    CHECK(paste.out == "file://" + gif.string());
    CHECK(eventually([&] { return item_property("IconName") == "(<'clipnote'>,)\n"; }, 10s));

    // Quit from the menu ends the app.
    std::smatch quit;
    REQUIRE(std::regex_search(layout, quit, std::regex(R"(\((\d+), \{'label': <'Quit'>)")));
    call({"--object-path", "/MenuBar", "--method", "com.canonical.dbusmenu.Event", "--", quit[1], "clicked",
          "<int32 0>", "0"});
    CHECK(app.process().wait_for(20s) == 0);
}

TEST_CASE("Close to tray: closing the window hides it while a panel shows the icon; the tray's Open shows it") {
    XvfbSession x(1280, 720);
    TrayPanel panel;
    AppSession app(x, "run", "", "close_to_tray = true\n", panel.env());
    const std::string service = panel.wait_for_item(app.log());
    auto map_state = [&] {
        return run_command({"xwininfo", "-id", app.window()}, app.env()).out.find("Map State: IsViewable") !=
                       std::string::npos
                   ? "viewable"
                   : "not viewable";
    };
    REQUIRE(std::string(map_state()) == "viewable");
    const auto mark = app.mark();
    REQUIRE(run_command({CLIPNOTE_X_CLOSE_WINDOW, app.window()}, app.env()).exit_code == 0);  // the close button
    app.wait_for_trace("hidden-to-tray", mark);
    CHECK(app.process().running());
    CHECK(std::string(map_state()) == "not viewable");
    // The menu's "Open clipnote" brings it back.
    const RunResult layout = run_command({"gdbus", "call", "--address", panel.address(), "--dest", service,
                                          "--object-path", "/MenuBar", "--method", "com.canonical.dbusmenu.GetLayout",
                                          "--", "0", "-1", "[]"});
    std::smatch open;
    REQUIRE(std::regex_search(layout.out, open, std::regex(R"(\((\d+), \{'label': <'Open clipnote'>)")));
    run_command({"gdbus", "call", "--address", panel.address(), "--dest", service, "--object-path", "/MenuBar",
                 "--method", "com.canonical.dbusmenu.Event", "--", open[1], "clicked", "<int32 0>", "0"});
    CHECK(eventually([&] { return std::string(map_state()) == "viewable"; }, 10s));

    // Without the setting, closing the window quits, as before.
    AppSession plain(x, "run-plain", "", "", panel.env());
    REQUIRE(run_command({CLIPNOTE_X_CLOSE_WINDOW, plain.window()}, plain.env()).exit_code == 0);
    CHECK(plain.process().wait_for(20s) == 0);
}

TEST_CASE("a hotkey another program holds is reported, not lost") {
    XvfbSession x(1280, 720);
    AppSession first(x, "run-first");
    // Its own socket, the same X server: the chords are taken. (It grabs them before its first frame,
    // which the session waits for.)
    AppSession second(x, "run-second");
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
    app.wait_for_trace("clipboard");
    CHECK_FALSE(decode_video(gif.string()).empty());

    // With no app listening: one clear line and a non-zero exit.
    TempDir empty;
    const auto none = run_command({clipnote_binary(), "toggle"}, {{"XDG_RUNTIME_DIR", empty.path()}});
    CHECK(none.exit_code != 0);
    CHECK(none.err.find("no clipnote app is running") != std::string::npos);
}

TEST_CASE("the app outlives its X server (logout): the recording in progress is kept, playable and listed") {
    auto x = std::make_unique<XvfbSession>(1280, 720);
    XAnimator content(*x, "moving", "clipnote moving content", "640x360+0+0");
    AppSession app(*x);
    app.press("ctrl+alt+r");
    const WallTime first_picture = app.trace_time("first-picture");
    std::this_thread::sleep_until(first_picture + 1500ms);  // the length of the recording, not a wait for an event
    x.reset();  // the X server goes away under the app and its recording

    const std::optional<int> code = app.process().wait_for(30s);
    REQUIRE_MESSAGE(code.has_value(), "the app did not quit: " << app.log());
    const std::string err = app.log();
    CHECK_MESSAGE(*code == 0, err);
    CHECK(err.find("went away; quitting") != std::string::npos);
    CHECK(err.find("X connection to") == std::string::npos);  // Xlib's own lines, one per display

    const fs::path recorded = app.wait_for_file(app.videos(), ".mp4", std::chrono::seconds(5));
    const MediaInfo info = probe_media(recorded.string());
    REQUIRE(info.video());
    CHECK(info.duration_s > 1.0);
    CHECK(app.history_json().find(recorded.filename().string()) != std::string::npos);
}

TEST_CASE("quitting during an upload does not wait for it: it stays queued and the next start finishes it") {
    XvfbSession x(1280, 720);
    // A server that takes the connection and never answers: the upload hangs in flight.
    ChildProcess black_hole({"/usr/bin/python3", "-c",
                             "import socket,sys,time\n"
                             "s=socket.socket(); s.bind(('127.0.0.1',0)); s.listen(8)\n"
                             "print(s.getsockname()[1], flush=True)\n"
                             "c=s.accept(); print('accepted', flush=True); time.sleep(600)\n"});
    eventually([&] { return black_hole.stdout_text().find('\n') != std::string::npos; }, 5s);
    const std::string port = black_hole.stdout_text().substr(0, black_hole.stdout_text().find('\n'));
    REQUIRE_FALSE(port.empty());
    AppSession app(x, "run", "", "\n[destination.team]\nkind = \"webdav\"\nurl = \"http://127.0.0.1:" + port + "/dav/\"\n");

    app.press("ctrl+alt+g");  // a reaction GIF shares at once
    REQUIRE_MESSAGE(eventually([&] { return black_hole.stdout_text().find("accepted") != std::string::npos; }, 60s),
                    app.log());

    // Quit (what logging out does): at once, not after the transfer's 30 s timeout and retries.
    app.process().send_signal(SIGTERM);
    const std::optional<int> code = app.process().wait_for(10s);
    REQUIRE_MESSAGE(code.has_value(), "the app waited for the upload: " << app.log());
    CHECK(*code == 0);
    const fs::path gif = app.wait_for_file(app.videos(), ".gif", std::chrono::seconds(5));
    CHECK(app.history_json().find("\"uploading\"") != std::string::npos);  // queued, not failed

    // The next start (the server is reachable now: the destination points to a folder) resumes it.
    TempDir shared("clipnote-app-resumed-");
    std::ofstream(app.config_file()) << "[capture]\nuse_mic = false\n[app]\ncountdown = 1\n"
                                     << "\n[destination.team]\nkind = \"local\"\nfolder = \"" << shared.file("clips") << "\"\n";
    ChildProcess again({clipnote_binary()}, app.env());
    const fs::path uploaded = app.wait_for_file(shared.file("clips"), ".gif", std::chrono::seconds(30));
    CHECK(fs::file_size(uploaded) == fs::file_size(gif));
    CHECK(eventually([&] { return again.stderr_text().find("clipnote-trace resumed-upload") != std::string::npos; }, 20s));
    CHECK(app.history_json().find("\"uploaded\"") != std::string::npos);
}

const std::string kAppS3Key = "AKIACLIPNOTEAPPLIVE01", kAppS3Secret = "clipnote-app-live-secret-7Qa2";

// config.toml lines (after [app]) for an S3 destination "team" on the tests' gate, the only one;
// the objects themselves are checked, so without a share page.
std::string app_s3_destination(const S3GateServer& s3) {
    return "\n[destination.team]\nkind = \"s3\"\nendpoint = \"" + s3.endpoint() +
           "\"\nbucket = \"recordings\"\npath_style = true\nretries = 1\nshare_page = false\n"
           "access_key_env = \"APP_S3_KEY\"\nsecret_key_env = \"APP_S3_SECRET\"\n";
}
EnvVars app_s3_env() { return {{"APP_S3_KEY", kAppS3Key}, {"APP_S3_SECRET", kAppS3Secret}}; }

// How many requests the gate answered with `method` on an object of the bucket.
int object_requests(const S3GateServer& s3, const std::string& method) {
    int n = 0;
    for (const auto& e : nlohmann::json::parse(s3.request_log()))
        n += e["method"] == method && e["path"].get<std::string>().rfind("/recordings/", 0) == 0;
    return n;
}

TEST_CASE("a video update to S3 uploads while it records: without Review, Stop puts the link on the clipboard at once") {
    XvfbSession x(1280, 720);
    S3GateServer s3(kAppS3Key, kAppS3Secret, {"recordings"});
    AppSession app(x, "run", "", "review = false\n" + app_s3_destination(s3), app_s3_env());
    const WallTime started = app.start_recording();
    // The multipart upload began with the recording (CreateMultipartUpload is S3's only POST to
    // the object before it completes).
    CHECK(eventually([&] { return object_requests(s3, "POST") == 1; }, 10s));
    std::this_thread::sleep_until(started + 2500ms);  // the length of the recording: the behaviour itself
    const auto m = app.mark();
    app.press("ctrl+alt+r");
    app.trace_time("link-ready", m);        // at Stop, before the file is finished
    app.trace_time("object-complete", m);   // then the tail and the index
    app.wait_for_trace("clipboard", m);     // shared: reported in the window
    const std::string history = app.history_json();
    INFO(history << app.log());
    const auto entries = nlohmann::json::parse(history);
    REQUIRE(entries.size() == 1);
    CHECK(entries[0]["state"] == "uploaded");
    const std::string link = entries[0]["link"];
    const std::string recorded = entries[0]["file"];
    CHECK(fs::path(recorded).parent_path() == app.videos());  // History lists the recording, not the spool
    CHECK_FALSE(fs::exists(app.videos() / ".clipnote-upload"));
    const auto paste = run_command({"xclip", "-o", "-selection", "clipboard"}, app.env(), std::chrono::seconds(10));
    CHECK(paste.out == link);
    CHECK(nlohmann::json::parse(s3.multipart_parts()).empty());  // completed, nothing left over

    // The object at the link is the recording: same pictures, its duration, and a browser plays it.
    const CurlResult object = curl_cli(link);
    REQUIRE(object.http_status == 200);
    TempDir dir;
    std::ofstream(dir.file("object.mp4"), std::ios::binary) << object.body;
    const MediaInfo remote = probe_media(dir.file("object.mp4")), local = probe_media(recorded);
    REQUIRE(remote.video());
    REQUIRE(local.video());
    CHECK(remote.video()->packet_count == local.video()->packet_count);
    CHECK(std::abs(remote.duration_s - local.duration_s) <= 0.05);
    const std::string seen = chromium_video_report(link);
    INFO(seen);
    CHECK(std::abs(reported_duration(seen) - local.duration_s) <= 0.05);
}

TEST_CASE("a video update to S3 discarded with Cancel leaves nothing in the bucket and nothing in History") {
    XvfbSession x(1280, 720);
    S3GateServer s3(kAppS3Key, kAppS3Secret, {"recordings"});
    AppSession app(x, "run", "", app_s3_destination(s3), app_s3_env());
    app.start_recording();
    REQUIRE(eventually([&] { return object_requests(s3, "POST") == 1; }, 10s));  // the upload began
    const auto m = app.mark();
    REQUIRE(run_command({clipnote_binary(), "cancel"}, app.env()).exit_code == 0);
    REQUIRE(run_command({clipnote_binary(), "cancel"}, app.env()).exit_code == 0);
    app.trace_time("discarded", m);
    // AbortMultipartUpload: no parts are left for the bucket's owner to pay for.
    CHECK(eventually([&] { return object_requests(s3, "DELETE") == 1; }, 10s));
    CHECK(nlohmann::json::parse(s3.multipart_parts()).empty());
    const std::string history = app.history_json();
    INFO(history);
    CHECK(nlohmann::json::parse(history).empty());
}

TEST_CASE("a video update to S3 with Review: Share completes the upload begun while recording, at the same link") {
    XvfbSession x(1280, 720);
    S3GateServer s3(kAppS3Key, kAppS3Secret, {"recordings"});
    AppSession app(x, "run", "", app_s3_destination(s3), app_s3_env());
    app.record_video(2000ms);
    app.wait_for_trace("review");
    CHECK(object_requests(s3, "POST") == 1);  // begun while recording, not complete: Review may still trim
    app.focus();
    const auto m = app.mark();
    app.press("Return");  // Share, untrimmed
    app.trace_time("object-complete", m);
    app.wait_for_trace("clipboard", m);
    // CreateMultipartUpload at the start, CompleteMultipartUpload at Share; nothing aborted.
    CHECK(object_requests(s3, "POST") == 2);
    CHECK(object_requests(s3, "DELETE") == 0);
    const auto entries = nlohmann::json::parse(app.history_json());
    REQUIRE(entries.size() == 1);
    CHECK(entries[0]["state"] == "uploaded");
    const std::string link = entries[0]["link"];
    const CurlResult object = curl_cli(link);
    REQUIRE(object.http_status == 200);
    TempDir dir;
    std::ofstream(dir.file("object.mp4"), std::ios::binary) << object.body;
    const MediaInfo remote = probe_media(dir.file("object.mp4")), local = probe_media(entries[0]["file"]);
    REQUIRE(remote.video());
    REQUIRE(local.video());
    CHECK(remote.video()->packet_count == local.video()->packet_count);
}
