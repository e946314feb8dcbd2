// Full screen on X11 is one monitor (capture/x11_monitors.h): an Xvfb screen split into two RandR
// monitors with xrandr --setmonitor, as a laptop with an external screen is, and the split
// pattern (left half red, right half blue) across it.
#include <doctest/doctest.h>

#include <regex>

#include "app/gui/app_settings.h"
#include "app/gui/recording_options.h"
#include "recording_fixture.h"
#include "test_helpers.h"

using namespace clipnote;
using namespace clipnote::test;

namespace {

// {R, G, B} in the middle of the first picture of `path`, which must be `width` x `height`.
std::array<uint8_t, 3> middle_pixel(const std::string& path, int width, int height) {
    const MediaInfo info = probe_media(path);
    REQUIRE(info.video());
    CHECK(info.video()->width == width);
    CHECK(info.video()->height == height);
    const auto frames = decode_video(path, 1);
    REQUIRE_FALSE(frames.empty());
    return frames[0].pixel(width / 2, height / 2);
}

bool is_red(std::array<uint8_t, 3> px) { return px[0] > 200 && px[2] < 60; }
bool is_blue(std::array<uint8_t, 3> px) { return px[2] > 200 && px[0] < 60; }

void move_pointer(const XvfbSession& x, int px, int py) {
    REQUIRE(run_command({"xdotool", "mousemove", std::to_string(px), std::to_string(py)}, x.env()).exit_code == 0);
}

}  // namespace

TEST_CASE("two monitors: full screen is the pointer's monitor, --monitor picks the other, devices lists both") {
    XvfbSession x(1280, 480);
    XAnimator content(x, "split");  // left half red, right half blue
    x.split_into_two_monitors();
    move_pointer(x, 1000, 240);  // on the external one

    const RunResult devices = run_clipnote({"devices"}, x.env());
    INFO(devices.out);
    CHECK(devices.out.find("laptop 640x480+0+0") != std::string::npos);
    CHECK(devices.out.find("external 640x480+640+0 (under the pointer)") != std::string::npos);

    TempDir dir;
    const std::string pointer = dir.file("pointer.mp4"), other = dir.file("other.mp4"), by_number = dir.file("n.mp4");
    const RunResult r = run_clipnote({"record", "--duration", "1", "-o", pointer}, x.env());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.find("Recording monitor") != std::string::npos);
    CHECK(is_blue(middle_pixel(pointer, 640, 480)));  // the external monitor only, not 1280 wide

    require_success(run_clipnote({"record", "--monitor", "laptop", "--duration", "1", "-o", other}, x.env()));
    CHECK(is_red(middle_pixel(other, 640, 480)));
    // By number, as `clipnote devices` lists it ("    3  laptop 640x480+0+0").
    std::smatch number;
    REQUIRE(std::regex_search(devices.out, number, std::regex(R"((\d+)  laptop 640x480)")));
    const std::string laptop_index = number[1];
    require_success(run_clipnote({"record", "--monitor", laptop_index, "--duration", "1", "-o", by_number}, x.env()));
    CHECK(is_red(middle_pixel(by_number, 640, 480)));

    const RunResult unknown = run_clipnote({"record", "--monitor", "projector", "--duration", "1", "-o", dir.file("x.mp4")}, x.env());
    CHECK(unknown.exit_code != 0);
    CHECK(unknown.err.find("no monitor \"projector\"") != std::string::npos);
    CHECK(unknown.err.find("laptop") != std::string::npos);
}

TEST_CASE("one monitor: full screen is the whole screen, as before") {
    XvfbSession x(640, 360);
    XAnimator content(x, "split");
    TempDir dir;
    const RunResult r = run_clipnote({"record", "--duration", "1", "-o", dir.file("all.mp4")}, x.env());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.find("Recording monitor") == std::string::npos);  // nothing to choose between
    const MediaInfo info = probe_media(dir.file("all.mp4"));
    REQUIRE(info.video());
    CHECK(info.video()->width == 640);
    CHECK(info.video()->height == 360);
}

TEST_CASE("the app's full screen is Settings' monitor, else the pointer's; the reaction GIF's area stays on the "
          "pointer's monitor") {
    XvfbSession x(1280, 480);
    x.split_into_two_monitors();
    const ScopedEnv display("DISPLAY", x.display()), wayland("WAYLAND_DISPLAY", ""), session("XDG_SESSION_TYPE", "x11");
    gui::AppSettings s;
    s.area = gui::CaptureArea::screen;
    s.use_mic = false;

    move_pointer(x, 1000, 240);
    RecordOptions o = gui::recording_options(s, false);
    REQUIRE(o.screen);
    CHECK(o.screen->url == x.display() + "+640,0");
    CHECK(o.screen->options["video_size"] == "640x480");
    s.monitor = "laptop";
    o = gui::recording_options(s, false);
    CHECK(o.screen->url == x.display() + "+0,0");
    CHECK(o.screen->options["video_size"] == "640x480");
    s.monitor = "unplugged";  // gone since it was chosen: the pointer's
    CHECK(gui::recording_options(s, false).screen->url == x.display() + "+640,0");

    // Without a camera the reaction GIF records 480x360 around the pointer. Near the external
    // monitor's corner: moved inside it, not across.
    if (std::filesystem::exists("/dev/video0")) return;  // a camera here: the reaction records it instead
    move_pointer(x, 1270, 470);
    o = gui::recording_options(s, true);
    REQUIRE(o.screen);
    CHECK(o.screen->url == x.display() + "+800,120");
    CHECK(o.screen->options["video_size"] == "480x360");
    // Near the laptop's right edge: kept off the external monitor.
    move_pointer(x, 630, 10);
    CHECK(gui::recording_options(s, true).screen->url == x.display() + "+160,0");
}
