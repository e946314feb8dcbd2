// The click highlight (`record --click-highlight`): a click sent with xdotool while recording shows
// the ring's amber around the pointer in the frames after the click, and nothing of it without
// the option or before the click.
#include <chrono>
#include <filesystem>
#include <thread>

#include "recording_fixture.h"

using namespace clipnote::test;
using namespace std::chrono_literals;

namespace {

constexpr int kClickX = 200, kClickY = 150;

bool amber(std::array<uint8_t, 3> p) { return p[0] > 200 && p[1] > 140 && p[1] < 240 && p[2] < 90; }

// Amber pixels in the ring's annulus (radius 10..27) around the click.
int ring_pixels(const RgbFrame& f) {
    int n = 0;
    for (int y = kClickY - 28; y <= kClickY + 28; ++y)
        for (int x = kClickX - 28; x <= kClickX + 28; ++x) {
            const int d2 = (x - kClickX) * (x - kClickX) + (y - kClickY) * (y - kClickY);
            if (d2 >= 10 * 10 && d2 <= 27 * 27 && amber(f.pixel(x, y))) ++n;
        }
    return n;
}

// Records 3 s of the split picture, clicking once a second of it is on disk; returns the frames
// with the ring and the index of the first of them (-1: none).
std::pair<int, int> record_with_click(XvfbSession& x, bool highlight) {
    TempDir dir;
    const std::string out = dir.file("clicks.mp4");
    std::vector<std::string> argv = {clipnote_binary(), "record", "--fps", "30", "--duration", "3", "-o", out};
    if (highlight) argv.push_back("--click-highlight");
    ChildProcess rec(argv, isolated(x.env()));
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    auto frames_on_disk = [&] {
        try {
            return decode_video(out).size();
        } catch (const std::exception&) {
            return size_t(0);  // no whole fragment yet
        }
    };
    while (frames_on_disk() < 30) {
        REQUIRE(rec.running());
        REQUIRE(std::chrono::steady_clock::now() < deadline);
        std::this_thread::sleep_for(100ms);
    }
    REQUIRE(run_command({"xdotool", "mousemove", std::to_string(kClickX), std::to_string(kClickY), "click", "1"}, x.env())
                .exit_code == 0);
    const auto code = rec.wait_for(30s);
    REQUIRE(code.has_value());
    INFO(rec.stderr_text());
    REQUIRE(*code == 0);
    const auto frames = decode_video(out);
    REQUIRE(frames.size() == 90);
    int with_ring = 0, first = -1;
    for (size_t i = 0; i < frames.size(); ++i) {
        if (ring_pixels(frames[i]) < 40) continue;
        ++with_ring;
        if (first < 0) first = int(i);
    }
    return {with_ring, first};
}

}  // namespace

TEST_CASE("click highlight: a click shows a ring around the pointer for about half a second, only with the option") {
    XvfbSession x(640, 480);
    XAnimator content(x, "split");  // red and blue halves: no amber anywhere
    const auto [with_ring, first] = record_with_click(x, true);
    INFO("frames with the ring: " << with_ring << ", the first: " << first);
    CHECK(first >= 30);           // not before the click (sent after the first second was on disk)
    CHECK(with_ring >= 10);       // ~15 frames at 30 fps
    CHECK(with_ring <= 20);
    const auto [without, none] = record_with_click(x, false);
    CHECK(without == 0);
    CHECK(none == -1);
}

TEST_CASE("click highlight on a picture that is not an X11 screen: one clear line") {
    TempDir dir;
    const RunResult r = run_clipnote({"record", "--screen", "lavfi:testsrc2", "--duration", "1", "--click-highlight", "-o",
                                      dir.file("x.mp4")});
    CHECK(r.exit_code != 0);
    CHECK(is_one_line(r.err));
    CHECK(r.err.find("--click-highlight needs an X11 screen") != std::string::npos);
}
