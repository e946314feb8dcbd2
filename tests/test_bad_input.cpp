// Bad input: one clear line on stderr, a non-zero exit, and never a lost recording.
#include <cstdlib>
#include <cstring>
#include <sys/mount.h>

#include <fstream>

#include "recording_fixture.h"

using namespace clipnote::test;

TEST_CASE("no X display: a clear error") {
    TempDir dir;
    const auto r = run_clipnote({"record", "--duration", "1", "-o", dir.file("x.mp4")}, {{"DISPLAY", ""}});
    CHECK(r.exit_code != 0);
    CHECK(is_one_line(r.err));
    CHECK(r.err.find("DISPLAY") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir.file("x.mp4")));
}

TEST_CASE("a camera that does not exist: a clear error naming it") {
    TempDir dir;
    const auto r = run_clipnote({"record", "--camera-only", "--camera", "/dev/video97", "--duration", "1", "-o", dir.file("x.mp4")});
    CHECK(r.exit_code != 0);
    CHECK(is_one_line(r.err));
    CHECK(r.err.find("camera") != std::string::npos);
    CHECK(r.err.find("/dev/video97") != std::string::npos);
}

TEST_CASE("an audio source that does not exist: a clear error naming it") {
    PulseSession pulse;
    TempDir dir;
    const auto r = run_clipnote({"record", "--screen", "lavfi:testsrc2=size=320x240:rate=30", "--mic", "no_such_source",
                             "--duration", "1", "-o", dir.file("x.mp4")},
                            pulse.env());
    CHECK(r.exit_code != 0);
    CHECK(is_one_line(r.err));
    CHECK(r.err.find("microphone") != std::string::npos);
    CHECK(r.err.find("no_such_source") != std::string::npos);
}

TEST_CASE("an output that cannot be written: a clear error before recording") {
    TempDir dir;
    std::ofstream(dir.file("a-file")) << "x";
    for (const std::string& out : {dir.file("a-file") + "/x.mp4", std::string("/proc/clipnote-test.mp4")}) {
        const auto r = run_clipnote({"record", "--screen", "lavfi:testsrc2=size=320x240:rate=30", "--duration", "1", "-o", out});
        INFO(out << ": " << r.err);
        CHECK(r.exit_code != 0);
        CHECK(is_one_line(r.err));
        CHECK(r.err.find("cannot write") != std::string::npos);
    }
}

TEST_CASE("an unknown option or a malformed value: a usage error") {
    for (const std::vector<std::string>& args : {std::vector<std::string>{"record", "--no-such-option"},
                                                  std::vector<std::string>{"record", "--region", "huge"},
                                                  std::vector<std::string>{"record", "--fps", "many"},
                                                  std::vector<std::string>{"frobnicate"}}) {
        const auto r = run_clipnote(args);
        INFO(args.back() << ": " << r.err);
        CHECK(r.exit_code != 0);
        CHECK(is_one_line(r.err));
    }
}

TEST_CASE("the disk fills up mid-recording: an error, and what was recorded still plays") {
    TempDir dir;
    const std::string mount_point = dir.file("small-disk");
    std::filesystem::create_directory(mount_point);
    // A real full disk where we may mount one (CI runs as root); else a file-size limit, which the
    // kernel reports to the writer the same way (a failed write).
    const bool mounted = mount("tmpfs", mount_point.c_str(), "tmpfs", 0, "size=1500k") == 0;
    const std::string out = mount_point + "/full.mp4";
    std::vector<std::string> argv{clipnote_binary(), "record", "--screen", "lavfi:testsrc2=size=1280x720:rate=30",
                                  "--crf", "10", "--duration", "20", "-o", out};
    RunResult r;
    if (mounted) {
        r = run_command(argv, isolated(), std::chrono::seconds(60));
    } else {
        // CI runs as root: there the real full disk is required, never the stand-in.
        REQUIRE_MESSAGE(std::getenv("CI") == nullptr, "cannot mount a tmpfs in CI: " << std::strerror(errno));
        MESSAGE("no tmpfs here: simulating a full disk with a 1.5 MB file-size limit");
        std::string cmd = "ulimit -f 1500; exec";
        for (const auto& a : argv) cmd += " '" + a + "'";
        r = run_command({"bash", "-c", cmd}, isolated(), std::chrono::seconds(60));
    }
    INFO("stderr: " << r.err);
    CHECK(r.exit_code != 0);
    CHECK(is_one_line(r.err));
    CHECK((r.err.find("No space left") != std::string::npos || r.err.find("too large") != std::string::npos));
    CHECK(r.err.find(out) != std::string::npos);
    const MediaInfo info = probe_media(out);
    REQUIRE(info.video());
    CHECK(info.video()->packet_span_s > 0.5);
    CHECK(decode_video(out).size() > 15);
    if (mounted) umount(mount_point.c_str());
}

TEST_CASE("the disk is already full when the recording starts: one line, and no empty file left behind") {
    TempDir dir;
    const std::string mount_point = dir.file("full-disk");
    std::filesystem::create_directory(mount_point);
    const bool mounted = mount("tmpfs", mount_point.c_str(), "tmpfs", 0, "size=64k") == 0;
    if (!mounted) {
        REQUIRE_MESSAGE(std::getenv("CI") == nullptr, "cannot mount a tmpfs in CI: " << std::strerror(errno));
        MESSAGE("no tmpfs here (not root): skipped");
        return;
    }
    {
        // Fill it: writes stop at ENOSPC.
        std::ofstream filler(mount_point + "/filler", std::ios::binary);
        const std::string block(4096, 'x');
        for (int i = 0; i < 64 && filler.write(block.data(), block.size()); ++i) filler.flush();
    }
    const std::string out = mount_point + "/d.mp4";
    const auto r = run_clipnote({"record", "--screen", "lavfi:testsrc2=size=320x240:rate=30", "--duration", "2", "-o", out});
    const bool left_behind = std::filesystem::exists(out);
    umount2(mount_point.c_str(), MNT_DETACH);
    INFO("stderr: " << r.err);
    CHECK(r.exit_code != 0);
    CHECK(is_one_line(r.err));
    CHECK(r.err.find("No space left") != std::string::npos);
    CHECK(r.err.find(out) != std::string::npos);
    CHECK_FALSE(left_behind);
}
