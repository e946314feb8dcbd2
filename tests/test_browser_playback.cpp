// The recordings play in a browser (headless Chromium, from Debian), which reads the duration
// from the file's own boxes: both a cleanly stopped recording and one whose process was killed.
#include <csignal>
#include <thread>

#include "recording_fixture.h"
#include "support/browser_video.h"

using namespace clipnote::test;
using namespace std::chrono_literals;

TEST_CASE("Chromium shows the true duration of a finished recording") {
    TempDir dir;
    const std::string out = dir.file("clip.mp4");
    require_success(run_clipnote({"record", "--screen", "lavfi:testsrc2=size=640x360:rate=30", "--mic",
                                  "lavfi:sine=frequency=440", "--duration", "3", "-o", out}));
    const std::string seen = chromium_video_report(out);
    INFO(seen);
    CHECK(reported_duration(seen) == doctest::Approx(3.0).epsilon(0.05 / 3));
    CHECK(seen.find("w=640") != std::string::npos);
    CHECK(reported_seek(seen) == doctest::Approx(1.5).epsilon(0.05));  // it seeks ...
    CHECK(reported_played(seen) > reported_seek(seen));                 // ... and plays on
}

TEST_CASE("Chromium plays a recording whose process was killed") {
    TempDir dir;
    const std::string out = dir.file("killed.mp4");
    ChildProcess p({clipnote_binary(), "record", "--screen", "lavfi:testsrc2=size=640x360:rate=30", "--mic",
                    "lavfi:sine=frequency=440", "-o", out},
                   isolated());
    std::this_thread::sleep_for(3500ms);
    p.send_signal(SIGKILL);
    p.wait_for(5s);
    const std::string seen = chromium_video_report(out);
    INFO(seen);
    CHECK(reported_duration(seen) >= 3.5 - 1.5);
}
