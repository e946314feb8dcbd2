// The Recorder API the shells use: commands in, snapshots out.
#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "common/error.h"

#include "encode/recorder.h"
#include "synthetic_recording.h"
#include "support/media_probe.h"
#include "support/temp_dir.h"

using namespace clipnote;
using namespace std::chrono_literals;

namespace {

RecordOptions synthetic(const std::string& out) { return test::synthetic_recording(out); }

}  // namespace

TEST_CASE("pause cuts the paused span out of the recording") {
    test::TempDir dir;
    Recorder r;
    r.start(synthetic(dir.file("paused.mp4")));
    std::this_thread::sleep_for(1000ms);
    r.pause();
    std::this_thread::sleep_for(300ms);
    CHECK(r.snapshot().state == RecorderState::paused);
    std::this_thread::sleep_for(1200ms);
    r.resume();
    std::this_thread::sleep_for(1000ms);
    r.stop();
    const RecorderSnapshot s = r.wait();
    REQUIRE(s.state == RecorderState::done);
    const FinishResult f = RecordingFinisher(finish_job(synthetic(s.output), s)).run();
    REQUIRE(f.ok);
    const auto info = test::probe_media(f.file);
    INFO("duration " << info.duration_s);
    // About 2 s recorded; the 1.5 s pause is not in the file.
    CHECK(info.duration_s == doctest::Approx(2.0).epsilon(0.1));
    CHECK(info.audio()->duration_s == doctest::Approx(info.video()->duration_s).epsilon(0.05));
}

TEST_CASE("cancel deletes the recording and ends idle") {
    test::TempDir dir;
    const std::string out = dir.file("cancelled.mp4");
    Recorder r;
    r.start(synthetic(out));
    std::this_thread::sleep_for(500ms);
    r.cancel();
    const RecorderSnapshot s = r.wait();
    CHECK(s.state == RecorderState::idle);
    CHECK(s.output.empty());
    CHECK_FALSE(std::filesystem::exists(out));
}

TEST_CASE("snapshots report progress while recording") {
    test::TempDir dir;
    Recorder r;
    std::atomic<int> changes = 0;
    r.on_state_change([&] { ++changes; });
    r.start(synthetic(dir.file("progress.mp4")));
    std::this_thread::sleep_for(1500ms);
    const RecorderSnapshot mid = r.snapshot();
    CHECK(mid.state == RecorderState::recording);
    CHECK(mid.elapsed_s > 1.0);
    CHECK(mid.frames > 25);
    CHECK(mid.bytes > 0);
    r.stop();
    const RecorderSnapshot end = r.wait();
    CHECK(end.state == RecorderState::done);
    CHECK(changes >= 2);  // finishing, done
}

TEST_CASE("opening a source that does not exist fails in start(), leaving nothing behind") {
    test::TempDir dir;
    RecordOptions o = synthetic(dir.file("never.mp4"));
    o.camera = parse_source("v4l2:/dev/video98", "v4l2");
    Recorder r;
    CHECK_THROWS_WITH_AS(r.start(o), doctest::Contains("/dev/video98"), Error);
    CHECK_FALSE(std::filesystem::exists(dir.file("never.mp4")));
}
