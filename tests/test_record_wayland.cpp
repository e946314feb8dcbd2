// End to end on Wayland: `clipnote record` in a headless sway session captures the screen
// through the real ScreenCast portal (xdg-desktop-portal + xdg-desktop-portal-wlr) and PipeWire.
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

#include "recording_fixture.h"
#include "support/ppm.h"
#include "support/wayland_session.h"

using namespace clipnote::test;
using namespace std::chrono_literals;

namespace {

// The session's environment plus private XDG folders (recordings, state with the token).
EnvVars wayland_env(const WaylandSession& w, const TempDir& home) {
    EnvVars env = w.env();
    env["XDG_STATE_HOME"] = home.file("state");
    env["XDG_VIDEOS_DIR"] = home.file("videos");
    return env;
}

// Share of pixels that are a strong colour (one channel far above another).
double strong_colour_share(const RgbFrame& f) {
    size_t strong = 0;
    const size_t n = f.rgb.size() / 3;
    for (size_t i = 0; i < n; ++i) {
        const int r = f.rgb[3 * i], g = f.rgb[3 * i + 1], b = f.rgb[3 * i + 2];
        if (std::max({r, g, b}) - std::min({r, g, b}) >= 60) ++strong;
    }
    return n ? double(strong) / double(n) : 0;
}

size_t count_of(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("Wayland: records the screen through the ScreenCast portal, moving content, true length") {
    WaylandSession w;
    TempDir home;
    const EnvVars env = wayland_env(w, home);

    const RunResult devices = run_clipnote({"devices"}, env);
    CHECK(devices.out.find("screen backend: portal") != std::string::npos);
    CHECK(devices.out.find("portal:monitor") != std::string::npos);

    const std::string out = home.file("wayland.mp4");
    require_success(run_clipnote({"record", "--duration", "3", "-o", out}, env, 90s));
    const MediaInfo info = probe_media(out);
    REQUIRE(info.video());
    CHECK(info.video()->width == w.width());
    CHECK(info.video()->height == w.height());
    CHECK(info.video()->packet_count == 90);  // constant 30 fps whatever the compositor sent
    CHECK(info.duration_s == doctest::Approx(3.0).epsilon(0.05 / 3.0));

    // Real pictures of the Wayland desktop: the terminal's coloured lines, changing over time.
    const auto frames = decode_video(out, 90, 30);
    REQUIRE(frames.size() == 3);
    CHECK(frames[0].rgb != frames[2].rgb);
    for (const RgbFrame& f : frames) CHECK(strong_colour_share(f) > 0.02);

    // The portal's restore token is kept, readable by the user only.
    const std::string token = home.file("state/clipnote/screencast-monitor.token");
    REQUIRE(std::filesystem::exists(token));
    struct stat st {};
    REQUIRE(stat(token.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
}

TEST_CASE("Wayland: the second recording reuses the restore token instead of asking again") {
    WaylandSession w;
    TempDir home;
    const EnvVars env = wayland_env(w, home);
    require_success(run_clipnote({"record", "--duration", "1", "-o", home.file("first.mp4")}, env, 90s));
    const std::string token_file = home.file("state/clipnote/screencast-monitor.token");
    const std::string token = read_file(token_file);
    REQUIRE(token.size() > 8);
    // The first session chose an output; nothing was restored yet.
    CHECK(count_of(w.xdpw_log(), "restoring session from data") == 0);

    require_success(run_clipnote({"record", "--duration", "1", "-o", home.file("second.mp4")}, env, 90s));
    // xdpw restored the first choice from the token instead of selecting anew.
    CHECK(count_of(w.xdpw_log(), "restoring session from data") == 1);
    CHECK(probe_media(home.file("second.mp4")).video()->packet_count == 30);
}

TEST_CASE("Wayland: a region is a crop of the monitor stream") {
    WaylandSessionOptions o;
    o.moving_content = false;  // fixed lines of strong colours: the crop must match the screen there
    WaylandSession w(o);
    TempDir home;
    const std::string out = home.file("region.mp4");
    struct {
        int width, height, x, y;
    } const r{200, 240, 16, 100};
    require_success(run_clipnote({"record", "--region", "200x240+16+100", "--duration", "1", "-o", out},
                                 wayland_env(w, home), 90s));
    const MediaInfo info = probe_media(out);
    REQUIRE(info.video());
    CHECK(info.video()->width == r.width);
    CHECK(info.video()->height == r.height);

    // The recorded picture is that part of the screen, not another: compare it with the same
    // rectangle of a screenshot, and with the rectangle half a text line lower.
    w.screenshot(home.file("screen.ppm"));
    const Picture screen = read_ppm(home.file("screen.ppm"));
    const auto frames = decode_video(out, 1);
    REQUIRE(frames.size() == 1);
    auto difference = [&](int dy) {
        double sum = 0;
        for (int y = 0; y < r.height; ++y)
            for (int x = 0; x < r.width; ++x)
                for (int c = 0; c < 3; ++c)
                    sum += std::abs(int(frames[0].rgb[(size_t(y) * r.width + x) * 3 + c]) -
                                    int(screen.rgb[(size_t(y + r.y + dy) * screen.width + x + r.x) * 3 + c]));
        return sum / (r.width * r.height * 3);
    };
    INFO("same place " << difference(0) << ", 8 px lower " << difference(8));
    CHECK(difference(0) < 25);  // H.264 at CRF 23 (4:2:0 chroma) of sharp coloured text
    CHECK(difference(8) > 3 * difference(0));
    INFO("strong colour share " << strong_colour_share(frames[0]));
    CHECK(strong_colour_share(frames[0]) > 0.2);
}

TEST_CASE("Wayland: a static screen still yields the full duration at a constant rate") {
    WaylandSessionOptions o;
    o.moving_content = false;
    WaylandSession w(o);
    TempDir home;
    const std::string out = home.file("still.mp4");
    require_success(run_clipnote({"record", "--duration", "3", "-o", out}, wayland_env(w, home), 90s));
    const MediaInfo info = probe_media(out);
    REQUIRE(info.video());
    CHECK(info.video()->packet_count == 90);
    CHECK(info.duration_s == doctest::Approx(3.0).epsilon(0.05 / 3.0));
    const auto frames = decode_video(out, 90, 89);
    REQUIRE(frames.size() == 2);
    CHECK(strong_colour_share(frames[1]) > 0.02);  // the picture, not black, to the end
}

TEST_CASE("Wayland: PipeWire dying mid-recording stops with one line and leaves a playable file") {
    WaylandSession w;
    TempDir home;
    const std::string out = home.file("cut.mp4");
    ChildProcess rec({clipnote_binary(), "record", "-o", out}, isolated(wayland_env(w, home)));
    // Wait until a second of pictures is on disk (the file is fragmented: it plays while written).
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    auto frames_on_disk = [&] {
        try {
            return decode_video(out).size();
        } catch (const std::exception&) {
            return size_t(0);  // not there yet, or no whole fragment yet
        }
    };
    while (frames_on_disk() < 30) {
        REQUIRE(rec.running());
        REQUIRE(std::chrono::steady_clock::now() < deadline);
        std::this_thread::sleep_for(100ms);
    }
    w.stop_pipewire();
    const auto code = rec.wait_for(30s);
    REQUIRE(code.has_value());
    CHECK(*code != 0);
    const std::string err = rec.stderr_text();
    INFO("stderr: " << err);
    CHECK(err.find("clipnote: ") != std::string::npos);
    CHECK(err.find("PipeWire") != std::string::npos);
    REQUIRE(std::filesystem::exists(out));
    CHECK(decode_video(out).size() >= 30);
}

TEST_CASE("Wayland: no ScreenCast portal on the bus gives one clear line") {
    TempDir home;
    ChildProcess bus({"dbus-daemon", "--session", "--nofork", "--nopidfile",
                      "--address=unix:path=" + home.file("bus")});
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!std::filesystem::exists(home.file("bus"))) {
        REQUIRE(std::chrono::steady_clock::now() < deadline);
        std::this_thread::sleep_for(10ms);
    }
    EnvVars env{{"XDG_SESSION_TYPE", "wayland"},
                {"WAYLAND_DISPLAY", "wayland-none"},
                {"DBUS_SESSION_BUS_ADDRESS", "unix:path=" + home.file("bus")},
                {"XDG_STATE_HOME", home.file("state")}};
    const RunResult r = run_clipnote({"record", "--duration", "1", "-o", home.file("never.mp4")}, env, 60s);
    CHECK(r.exit_code != 0);
    CHECK(is_one_line(r.err));
    CHECK(r.err.find("no ScreenCast portal") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(home.file("never.mp4")));
}

TEST_CASE("Wayland: record --upload puts the link on the Wayland clipboard, still pasteable after exit") {
    WaylandSession w;
    TempDir home;
    EnvVars env = wayland_env(w, home);
    env["XDG_DATA_HOME"] = home.file("data");  // the implicit local destination copies here
    env["XDG_CONFIG_HOME"] = home.file("config");
    const std::string out = home.file("shared.mp4");
    const RunResult r = run_clipnote({"record", "--duration", "1", "-o", out, "--upload"}, env, 90s);
    require_success(r);
    // stdout: the recording, then the link.
    const auto nl = r.out.find('\n');
    REQUIRE(nl != std::string::npos);
    const std::string link = r.out.substr(nl + 1, r.out.find('\n', nl + 1) - nl - 1);
    REQUIRE(link.rfind("file://", 0) == 0);
    CHECK(w.clipboard() == link);  // clipnote has exited; wl-copy keeps serving it
}

TEST_CASE("Wayland: a revoked restore token is dropped and the portal asked again, once") {
    WaylandSession w;
    TempDir home;
    const EnvVars env = wayland_env(w, home);
    const std::string token_file = home.file("state/clipnote/screencast-monitor.token");
    std::filesystem::create_directories(home.file("state/clipnote"));
    std::ofstream(token_file) << "00000000-0000-0000-0000-000000000000\n";  // the desktop knows no such grant
    require_success(run_clipnote({"record", "--duration", "1", "-o", home.file("asked.mp4")}, env, 90s));
    CHECK(probe_media(home.file("asked.mp4")).video()->packet_count == 30);
    const std::string token = read_file(token_file);
    CHECK(token.size() > 8);
    CHECK(token.find("00000000-0000") == std::string::npos);  // replaced by the new grant's token
}

TEST_CASE("Wayland: closing the portal's picker without choosing gives one clear line and no file") {
    WaylandSessionOptions o;
    o.chooser_cmd = "false";  // the picker ends without naming an output, as when the user cancels
    WaylandSession w(o);
    TempDir home;
    const RunResult r =
        run_clipnote({"record", "--duration", "1", "-o", home.file("never.mp4")}, wayland_env(w, home), 60s);
    CHECK(r.exit_code != 0);
    CHECK(is_one_line(r.err));
    CHECK(r.err.find("cancelled in the portal's picker") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(home.file("never.mp4")));
    CHECK_FALSE(std::filesystem::exists(home.file("state/clipnote/screencast-monitor.token")));
}
