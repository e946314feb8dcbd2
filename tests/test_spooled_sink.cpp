// The spooled sink (encode/spooled_mp4_sink.h): beside the local fragmented MP4, a progressive MP4
// with one mdat per upload part and the moov at the end, that an uploader reads while it grows. Synthetic lavfi recordings, files
// checked with libavformat and by reading their bytes.
#include <doctest/doctest.h>

#include <sys/mount.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "encode/recorder.h"
#include "encode/spooled_mp4_sink.h"
#include "synthetic_recording.h"
#include "support/media_probe.h"
#include "support/temp_dir.h"

using namespace clipnote;
using namespace std::chrono_literals;

namespace {

constexpr uint64_t kFrames = 90;  // 3 s at 30 fps
constexpr double kFrame = 1.0 / 30;
// Small parts, so that 3 s of the synthetic recording make several (an S3 part is 5 MiB or more).
constexpr int64_t kPart = 32 * 1024;

// Starts `r`, waits (polling the snapshot: frames have no event of their own) until `frames`
// are encoded, stops it and returns the final snapshot.
RecorderSnapshot record_frames(Recorder& r, const RecordOptions& o, uint64_t frames) {
    r.start(o);
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    for (RecorderSnapshot s = r.snapshot(); s.frames < frames; s = r.snapshot()) {
        REQUIRE(s.state == RecorderState::recording);  // a failed recording fails here, at once
        REQUIRE(std::chrono::steady_clock::now() < deadline);
        std::this_thread::sleep_for(10ms);
    }
    r.stop();
    return r.wait();
}

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

// Up to `n` bytes from `offset`: fewer when the file is shorter.
std::string read_range(const std::string& path, int64_t offset, int64_t n) {
    std::ifstream in(path, std::ios::binary);
    in.seekg(offset);
    std::string bytes(size_t(n), '\0');
    in.read(bytes.data(), n);
    bytes.resize(size_t(in.gcount()));
    return bytes;
}

uint64_t big_endian(const std::string& b, size_t at, int n) {
    uint64_t v = 0;
    for (int i = 0; i < n; ++i) v = v << 8 | uint8_t(b[at + size_t(i)]);
    return v;
}

struct Box {
    std::string type;
    int64_t offset = 0, size = 0;
};

// The file's top-level ISO BMFF boxes, read by hand (what a player walks).
std::vector<Box> top_level_boxes(const std::string& path) {
    const std::string b = read_all(path);
    std::vector<Box> boxes;
    size_t at = 0;
    while (at + 8 <= b.size()) {
        Box box{b.substr(at + 4, 4), int64_t(at), int64_t(big_endian(b, at, 4))};
        if (box.size == 1) box.size = int64_t(big_endian(b, at + 8, 8));
        if (box.size == 0) box.size = int64_t(b.size() - at);
        REQUIRE(box.size >= 8);
        boxes.push_back(box);
        at += size_t(box.size);
    }
    CHECK(at == b.size());  // the boxes tile the file
    return boxes;
}

// The bytes inside the file's mdat boxes (their headers left out).
int64_t mdat_payload(const std::vector<Box>& boxes) {
    int64_t n = 0;
    for (const Box& b : boxes)
        if (b.type == "mdat") n += b.size - 8;
    return n;
}

int count_boxes(const std::vector<Box>& boxes, const std::string& type) {
    int n = 0;
    for (const Box& b : boxes) n += b.type == type;
    return n;
}

int64_t offset_of(const std::vector<Box>& boxes, const std::string& type) {
    for (const Box& b : boxes)
        if (b.type == type) return b.offset;
    return -1;
}

// What on_spooled reported, and the bytes each report declared final, read at that moment (as
// an uploader would read them).
struct SpoolWatch {
    std::string path;
    std::vector<int64_t> reports;
    std::string stable;     // bytes [0, reports.back()) as read when each became final
    bool short_read = false;  // a report claimed bytes the file did not have yet
    bool failed = false;
    std::string error;
    size_t reports_at_failure = 0;

    void on_spooled(int64_t n) {
        CHECK(failed == false);
        if (!reports.empty()) CHECK(n >= reports.back());
        const int64_t from = int64_t(stable.size());
        const std::string fresh = read_range(path, from, n - from);
        if (int64_t(fresh.size()) != n - from) short_read = true;
        stable += fresh;
        reports.push_back(n);
    }
    void on_failed(const std::string& e) {
        failed = true;
        error = e;
        reports_at_failure = reports.size();
    }
};

// The recorder's options with the spooled sink; `*sink` is valid while `r` lives.
RecordOptions spooled(const test::TempDir& dir, const std::string& spool_path, SpoolWatch& watch,
                      SpooledMp4Sink** sink, SpoolLayout layout = SpoolLayout::uniform_parts(kPart)) {
    RecordOptions o = test::synthetic_recording(dir.file("local.mp4"));
    watch.path = spool_path;
    o.sink = [&watch, spool_path, sink, layout](const std::string& path, const AVCodecContext& video,
                                                const AVCodecContext* audio) -> std::unique_ptr<OutputSink> {
        auto s = make_spooled_mp4_sink(
            path, spool_path, layout, video, audio, [&watch](int64_t n) { watch.on_spooled(n); },
            [&watch](const std::string& e) { watch.on_failed(e); });
        *sink = s.get();
        return s;
    };
    return o;
}

// The local recording is whole: every encoded picture is in it and decodes.
void check_local_complete(const RecorderSnapshot& s) {
    REQUIRE(s.state == RecorderState::done);
    CHECK(s.error.empty());
    const test::MediaInfo local = test::probe_media(s.output);
    REQUIRE(local.video());
    CHECK(local.video()->packet_count == int64_t(s.frames));
    CHECK(test::decode_video(s.output).size() == s.frames);
}

// A synthetic recording through the spooled sink, finished, its local file checked whole.
struct SpooledRecording {
    test::TempDir dir;
    SpoolWatch watch;
    SpooledMp4Sink* sink = nullptr;  // valid while `recorder` lives
    std::string spool = dir.file("spool.mp4");
    Recorder recorder;
    RecorderSnapshot result;

    explicit SpooledRecording(SpoolLayout layout = SpoolLayout::uniform_parts(kPart)) {
        result = record_frames(recorder, spooled(dir, spool, watch, &sink, layout), kFrames);
        check_local_complete(result);
        REQUIRE(sink);
        CHECK(sink->spool_error().empty());
    }
};

// Unmounts on scope exit (before the TempDir holding the mount point is removed).
struct Mount {
    std::string at;
    bool mounted = false;
    ~Mount() {
        if (mounted) umount2(at.c_str(), MNT_DETACH);
    }
};

}  // namespace

TEST_CASE("the spooled sink: the spool is a progressive MP4 with one mdat per part, the local file's packets and its true duration") {
    const SpooledRecording rec;
    const std::string& spool = rec.spool;
    const RecorderSnapshot& s = rec.result;
    CHECK(rec.sink->path() == s.output);

    // ftyp, free, then one mdat per part (each from the second on starting at a part boundary),
    // the moov after them, no fragments: layout B.
    const std::vector<Box> boxes = top_level_boxes(spool);
    CHECK(count_boxes(boxes, "moof") == 0);
    CHECK(count_boxes(boxes, "moov") == 1);
    CHECK(boxes.back().type == "moov");
    const int64_t moov = offset_of(boxes, "moov");
    const int mdats = count_boxes(boxes, "mdat");
    MESSAGE(mdats << " mdat boxes, moov at " << moov << " of " << std::filesystem::file_size(spool) << " bytes");
    CHECK(mdats >= 3);
    CHECK(mdats == int((moov - 1) / kPart) + 1);  // exactly one per part the media reaches
    int seen = 0;
    for (const Box& b : boxes) {
        if (b.type != "mdat") continue;
        if (seen++ > 0) CHECK(b.offset % kPart == 0);
        CHECK(b.offset / kPart == (b.offset + b.size - 1) / kPart);  // never across a boundary
    }

    const test::MediaInfo local = test::probe_media(s.output);
    const test::MediaInfo spooled_info = test::probe_media(spool);
    REQUIRE(spooled_info.video());
    REQUIRE(spooled_info.audio());
    CHECK(spooled_info.video()->packet_count == local.video()->packet_count);
    CHECK(spooled_info.audio()->packet_count == local.audio()->packet_count);

    // Same duration as the faststart file the finish step makes (edit lists from the shifts).
    const std::string final_path = rec.dir.file("final.mp4");
    finalize_mp4(s.output, final_path, s.shifts);
    const test::MediaInfo final_info = test::probe_media(final_path);
    MESSAGE("durations: spool " << spooled_info.duration_s << " s, final " << final_info.duration_s
                                << " s, local fragmented " << local.duration_s << " s");
    CHECK(std::abs(spooled_info.duration_s - final_info.duration_s) <= kFrame);
    CHECK(std::abs(spooled_info.video()->duration_s - final_info.video()->duration_s) <= kFrame);
    CHECK(std::abs(spooled_info.video()->start_time_s - final_info.video()->start_time_s) <= kFrame);
    // Start times are equal, not merely close: the spool has the encoder's own timestamps, so the
    // AAC priming (1024 samples) starts before 0 behind an edit list, as in the final file. Fed
    // the local writer's shifted timestamps, the audio would start 21 ms late. (Durations may
    // differ by a partial last AAC frame: the spool keeps the encoder's exact last duration, the
    // fragmented file does not.)
    const test::StreamInfo* spooled_audio = spooled_info.audio();
    const test::StreamInfo* final_audio = final_info.audio();
    REQUIRE(final_audio);
    CHECK(spooled_audio->start_time_s < 0);
    CHECK(std::abs(spooled_audio->start_time_s - final_audio->start_time_s) < 0.001);
    CHECK(std::abs(spooled_audio->duration_s - final_audio->duration_s) <= kFrame);
    CHECK(test::decode_video(spool).size() == size_t(spooled_info.video()->packet_count));
}

TEST_CASE("the spooled sink: no byte changes once reported final, not even the first mdat's header") {
    const SpooledRecording rec;
    const std::string& spool = rec.spool;
    const SpoolWatch& watch = rec.watch;

    // Whole parts became final while recording, then the finished file.
    REQUIRE(watch.reports.size() >= 3);
    for (size_t i = 0; i + 1 < watch.reports.size(); ++i) CHECK(watch.reports[i] % kPart == 0);
    CHECK_FALSE(watch.short_read);  // every reported byte was in the file when reported
    const std::string final_bytes = read_all(spool);
    CHECK(watch.reports.back() == int64_t(final_bytes.size()));  // the last report: the whole file
    REQUIRE(watch.stable.size() == final_bytes.size());

    int64_t first_diff = -1, diffs = 0;
    for (size_t i = 0; i < final_bytes.size(); ++i) {
        if (final_bytes[i] == watch.stable[i]) continue;
        if (first_diff < 0) first_diff = int64_t(i);
        ++diffs;
    }
    MESSAGE("spool " << final_bytes.size() << " bytes, " << watch.reports.size() << " reports, " << diffs
                     << " bytes changed after being reported (first at " << first_diff << ")");
    CHECK(diffs == 0);
    // The first mdat's header says what part 1 said when it was sent, not the muxer's single mdat.
    const std::vector<Box> boxes = top_level_boxes(spool);
    REQUIRE(boxes.size() >= 3);
    CHECK(boxes[1].type == "free");
    CHECK(boxes[2].type == "mdat");
    CHECK(boxes[2].offset + boxes[2].size == kPart);
}

namespace {

// The checks every compact spool passes: parts no longer than `most`, not a byte of fill (the
// mdats hold exactly the samples the local fragmented file holds), each part reported when it
// closed and unchanged afterwards, and the file plays whole. Returns the number of parts.
int check_compact_spool(const SpooledRecording& rec, int64_t most) {
    const SpoolWatch& watch = rec.watch;
    const std::vector<Box> boxes = top_level_boxes(rec.spool);
    CHECK(boxes.back().type == "moov");
    const int mdats = count_boxes(boxes, "mdat");
    MESSAGE(mdats << " mdat boxes in " << std::filesystem::file_size(rec.spool) << " bytes");
    for (const Box& b : boxes)
        if (b.type == "mdat") CHECK(b.size <= most);
    CHECK(mdat_payload(boxes) == mdat_payload(top_level_boxes(rec.result.output)));
    CHECK(int(watch.reports.size()) == mdats);  // each closed part, then the whole file
    CHECK_FALSE(watch.short_read);
    CHECK(watch.stable == read_all(rec.spool));
    const test::MediaInfo info = test::probe_media(rec.spool);
    REQUIRE(info.video());
    CHECK(info.video()->packet_count == int64_t(rec.result.frames));
    CHECK(test::decode_video(rec.spool).size() == rec.result.frames);
    return mdats;
}

}  // namespace

TEST_CASE("the spooled sink, compact parts (a streamed upload): no fill, no part above its size, none open longer than asked") {
    SUBCASE("closed by size") {
        const SpooledRecording rec(SpoolLayout::compact_parts(kPart, 0ms));
        const int mdats = check_compact_spool(rec, kPart);
        CHECK(mdats >= int(std::filesystem::file_size(rec.spool) / kPart));
    }
    SUBCASE("closed by time") {
        // 1 MiB would hold the whole recording: every cut is the 400 ms limit's, about 7 in 3 s
        // (fewer if the machine stalls).
        const SpooledRecording rec(SpoolLayout::compact_parts(1 << 20, 400ms));
        CHECK(check_compact_spool(rec, 1 << 20) >= 5);
    }
}

TEST_CASE("the spooled sink: a spool that cannot be written leaves the local recording whole") {
    test::TempDir dir;
    SUBCASE("the spool's folder does not exist") {
        SpoolWatch watch;
        SpooledMp4Sink* sink = nullptr;
        const std::string spool = dir.file("missing/spool.mp4");
        Recorder r;
        const RecorderSnapshot s = record_frames(r, spooled(dir, spool, watch, &sink), kFrames);
        check_local_complete(s);
        REQUIRE(sink);
        CHECK(watch.failed);
        CHECK(watch.error.find(spool) != std::string::npos);
        CHECK(sink->spool_error() == watch.error);
        CHECK(watch.reports.empty());
    }
    SUBCASE("the spool's disk fills up while recording") {
        if (geteuid() != 0) {
            MESSAGE("skipped: mounting a small tmpfs needs root");
            return;
        }
        Mount full{dir.file("small")};
        std::filesystem::create_directory(full.at);
        // 128 KiB: the header and a few parts (under a second of the recording) fit, the rest does not.
        if (mount("tmpfs", full.at.c_str(), "tmpfs", 0, "size=128k") != 0) {
            MESSAGE("skipped: cannot mount a tmpfs here");
            return;
        }
        full.mounted = true;
        SpoolWatch watch;
        SpooledMp4Sink* sink = nullptr;
        const std::string spool = full.at + "/spool.mp4";
        Recorder r;
        const RecorderSnapshot s = record_frames(r, spooled(dir, spool, watch, &sink), kFrames);
        check_local_complete(s);
        REQUIRE(sink);
        CHECK(watch.failed);
        CHECK(sink->spool_error() == watch.error);
        MESSAGE("spool error: " << watch.error << "; " << watch.reports.size() << " reports before it");
        CHECK(watch.reports_at_failure > 0);  // it was spooling before the disk filled
        CHECK(watch.reports.size() == watch.reports_at_failure);  // and stopped reporting after
    }
}
