// The Recorder as a state machine on real parts: a second recording on the same Recorder, stop
// from every state, cancelling the finish steps, a clean stop on destruction, and the output-sink
// seam. Synthetic lavfi sources, files checked with libavformat.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

#include "encode/recorder.h"
#include "synthetic_recording.h"
#include "support/media_probe.h"
#include "support/temp_dir.h"

using namespace clipnote;
using namespace std::chrono_literals;

namespace {

RecordOptions synthetic(const std::string& out) { return test::synthetic_recording(out); }

// Waits (polling the snapshot: frames have no event of their own) until `frames` are encoded.
void wait_for_frames(const Recorder& r, uint64_t frames) {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (r.snapshot().frames < frames) {
        REQUIRE(std::chrono::steady_clock::now() < deadline);
        std::this_thread::sleep_for(10ms);
    }
}

// Starts `r`, lets it encode `frames` pictures, stops it and returns the final snapshot.
RecorderSnapshot record_frames(Recorder& r, const RecordOptions& o, uint64_t frames) {
    r.start(o);
    wait_for_frames(r, frames);
    r.stop();
    return r.wait();
}

// Every state the Recorder announced, in order.
struct StateLog {
    std::mutex mutex;
    std::vector<RecorderState> states;
    void attach(Recorder& r) {
        r.on_state_change([this, &r] {
            std::lock_guard lock(mutex);
            states.push_back(r.snapshot().state);
        });
    }
    std::vector<RecorderState> get() {
        std::lock_guard lock(mutex);
        return states;
    }
};

}  // namespace

TEST_CASE("the same Recorder records a second time after the first recording ended") {
    test::TempDir dir;
    Recorder r;
    StateLog log;
    log.attach(r);
    for (const char* name : {"first.mp4", "second.mp4"}) {
        const RecorderSnapshot s = record_frames(r, synthetic(dir.file(name)), 20);
        REQUIRE(s.state == RecorderState::done);
        CHECK(s.output == dir.file(name));
        const auto info = test::probe_media(s.output);
        REQUIRE(info.video());
        CHECK(info.video()->packet_count >= 20);
        REQUIRE(info.audio());
    }
    using S = RecorderState;
    CHECK(log.get() == std::vector<S>{S::recording, S::finishing, S::done, S::recording, S::finishing, S::done});
}

TEST_CASE("start while recording is refused and the running recording goes on") {
    test::TempDir dir;
    Recorder r;
    r.start(synthetic(dir.file("a.mp4")));
    CHECK_THROWS_AS(r.start(synthetic(dir.file("b.mp4"))), Error);
    CHECK(r.snapshot().state == RecorderState::recording);
    wait_for_frames(r, 10);
    r.stop();
    CHECK(r.wait().state == RecorderState::done);
    CHECK_FALSE(std::filesystem::exists(dir.file("b.mp4")));
}

TEST_CASE("stop from each state") {
    test::TempDir dir;
    Recorder r;

    SUBCASE("idle: nothing happens") {
        r.stop();
        r.pause();
        r.cancel();
        CHECK(r.wait().state == RecorderState::idle);
    }
    SUBCASE("recording: the file keeps everything") {
        const RecorderSnapshot s = record_frames(r, synthetic(dir.file("rec.mp4")), 30);
        CHECK(s.state == RecorderState::done);
        CHECK(test::probe_media(s.output).video()->packet_count >= 30);
    }
    SUBCASE("paused: the file ends where the pause began") {
        r.start(synthetic(dir.file("paused.mp4")));
        wait_for_frames(r, 30);
        StateLog log;
        log.attach(r);
        r.pause();
        const auto deadline = std::chrono::steady_clock::now() + 5s;
        while (r.snapshot().state != RecorderState::paused) {
            REQUIRE(std::chrono::steady_clock::now() < deadline);
            std::this_thread::sleep_for(5ms);
        }
        const uint64_t frames_at_pause = r.snapshot().frames;
        r.stop();
        const RecorderSnapshot s = r.wait();
        CHECK(s.state == RecorderState::done);
        CHECK(s.frames <= frames_at_pause + 2);
        using S = RecorderState;
        CHECK(log.get() == std::vector<S>{S::paused, S::finishing, S::done});
    }
    SUBCASE("done: stop and cancel change nothing and keep the file") {
        const RecorderSnapshot first = record_frames(r, synthetic(dir.file("done.mp4")), 10);
        REQUIRE(first.state == RecorderState::done);
        r.stop();
        r.cancel();
        CHECK(r.wait().state == RecorderState::done);
        CHECK(std::filesystem::exists(first.output));
    }
}

TEST_CASE("destroying a running Recorder stops cleanly and keeps what was recorded") {
    test::TempDir dir;
    const std::string out = dir.file("kept.mp4");
    {
        Recorder r;
        r.start(synthetic(out));
        wait_for_frames(r, 30);
    }
    REQUIRE(std::filesystem::exists(out));
    const auto frames = test::decode_video(out);
    CHECK(frames.size() >= 30);
}

TEST_CASE("cancelling the finish steps keeps the recording, playable") {
    test::TempDir dir;
    Recorder r;
    SUBCASE("MP4: cancelled before the faststart rewrite, the fragmented file stays") {
        const RecordOptions o = synthetic(dir.file("clip.mp4"));
        const RecorderSnapshot s = record_frames(r, o, 30);
        REQUIRE(s.state == RecorderState::done);
        RecordingFinisher finisher(finish_job(o, s));
        finisher.cancel();
        const FinishResult f = finisher.run();
        CHECK(f.cancelled);
        CHECK_FALSE(f.ok);
        CHECK(f.file == o.output);
        CHECK(test::decode_video(f.file).size() >= 30);
    }
    SUBCASE("GIF: cancelled while making the GIF, the finalised MP4 stays and no GIF appears") {
        RecordOptions o = synthetic(dir.file("reaction.gif"));
        o.format = OutputFormat::gif;
        o.fps = 15;
        const RecorderSnapshot s = record_frames(r, o, 15);
        REQUIRE(s.state == RecorderState::done);
        RecordingFinisher finisher(finish_job(o, s));
        std::vector<FinishStep> seen;
        const FinishResult f = finisher.run([&](FinishStep step) {
            seen.push_back(step);
            if (step == FinishStep::gif) finisher.cancel();
        });
        CHECK(seen == std::vector<FinishStep>{FinishStep::finalise, FinishStep::gif});
        CHECK(f.cancelled);
        CHECK_FALSE(std::filesystem::exists(o.output));
        CHECK_FALSE(std::filesystem::exists(o.output + ".part"));
        REQUIRE(std::filesystem::exists(f.file));
        CHECK(f.note.find(f.file) != std::string::npos);
        CHECK(test::probe_media(f.file).video()->packet_count >= 15);
    }
}

TEST_CASE("the output sink seam: a sink of the shell's choosing gets every packet") {
    test::TempDir dir;
    struct CountingSink : OutputSink {
        std::unique_ptr<OutputSink> inner;
        int* video_packets;
        void write_video(AVPacket& p) override { ++*video_packets, inner->write_video(p); }
        void write_audio(AVPacket& p) override { inner->write_audio(p); }
        void finish() override { inner->finish(); }
        std::int64_t bytes_written() const override { return inner->bytes_written(); }
        const std::string& path() const override { return inner->path(); }
        std::vector<StreamShift> shifts() const override { return inner->shifts(); }
    };
    int video_packets = 0;
    RecordOptions o = synthetic(dir.file("sink.mp4"));
    o.sink = [&](const std::string& path, const AVCodecContext& video, const AVCodecContext* audio) {
        auto sink = std::make_unique<CountingSink>();
        sink->inner = make_fragmented_mp4_sink(path, video, audio);
        sink->video_packets = &video_packets;
        return sink;
    };
    Recorder r;
    const RecorderSnapshot s = record_frames(r, o, 30);
    REQUIRE(s.state == RecorderState::done);
    CHECK(video_packets == int(s.frames));
    CHECK(test::probe_media(s.output).video()->packet_count == int64_t(s.frames));
}

TEST_CASE("the first picture is on disk, playable, as soon as it is encoded (a kill in the first second keeps it)") {
    // What a process killed -9 leaves is what is on disk: copy the file at the moment the first
    // encoded picture has gone through the MP4 writer, and play the copy.
    test::TempDir dir;
    struct CopyAtFirstPicture : OutputSink {
        std::unique_ptr<OutputSink> inner;
        std::string copy;
        bool copied = false;
        void write_video(AVPacket& p) override {
            inner->write_video(p);
            if (!copied) std::filesystem::copy_file(inner->path(), copy), copied = true;
        }
        void write_audio(AVPacket& p) override { inner->write_audio(p); }
        void finish() override { inner->finish(); }
        std::int64_t bytes_written() const override { return inner->bytes_written(); }
        const std::string& path() const override { return inner->path(); }
        std::vector<StreamShift> shifts() const override { return inner->shifts(); }
    };
    RecordOptions o = synthetic(dir.file("live.mp4"));
    const std::string copy = dir.file("as-killed.mp4");
    o.sink = [&](const std::string& path, const AVCodecContext& video, const AVCodecContext* audio) {
        auto sink = std::make_unique<CopyAtFirstPicture>();
        sink->inner = make_fragmented_mp4_sink(path, video, audio);
        sink->copy = copy;
        return sink;
    };
    Recorder r;
    REQUIRE(record_frames(r, o, 45).state == RecorderState::done);
    REQUIRE(std::filesystem::exists(copy));
    std::vector<test::RgbFrame> frames;
    CHECK_NOTHROW(frames = test::decode_video(copy));
    CHECK(frames.size() >= 1);
}
