// End to end: `clipnote record` on a real X server (Xvfb) and a real PulseAudio daemon.
#include <optional>
#include <regex>
#include <csignal>
#include <thread>

#include <nlohmann/json.hpp>

#include "recording_fixture.h"

using namespace clipnote::test;
using namespace std::chrono_literals;

namespace {

// Share of neighbouring frames whose pictures differ (0 when one picture is repeated throughout).
double share_of_changed_neighbours(const std::vector<RgbFrame>& frames) {
    if (frames.size() < 2) return 0;
    size_t changed = 0;
    for (size_t i = 1; i < frames.size(); ++i) changed += frames[i].rgb != frames[i - 1].rgb;
    return double(changed) / double(frames.size() - 1);
}

struct SummaryCounts {
    int dropped = 0, duplicated = 0;
};

// "…, 89 frames, 0 dropped, 15 duplicated…" from `clipnote record`'s summary line.
std::optional<SummaryCounts> summary_counts(const std::string& err) {
    std::smatch m;
    if (!std::regex_search(err, m, std::regex(R"((\d+) dropped, (\d+) duplicated)"))) return std::nullopt;
    return SummaryCounts{std::stoi(m[1]), std::stoi(m[2])};
}

}  // namespace

TEST_CASE("records the screen and the microphone into an MP4 of the requested length") {
    XvfbSession x(1280, 720);
    XAnimator content(x, "moving");
    PulseSession pulse;
    auto tone = pulse.play_tone(440, 12);
    TempDir dir;
    const std::string out = dir.file("screen.mp4");

    const auto r = run_clipnote({"record", "--mic", "--duration", "3", "-o", out}, merge(x.env(), pulse.env()));
    require_success(r);
    CHECK(r.out == out + "\n");

    const MediaInfo info = probe_media(out);
    REQUIRE(info.video());
    REQUIRE(info.audio());
    CHECK(info.video()->codec == "h264");
    CHECK(info.video()->pix_fmt == "yuv420p");
    CHECK(info.video()->width == 1280);
    CHECK(info.video()->height == 720);
    CHECK(info.video()->packet_count == 90);  // constant 30 fps
    CHECK(info.video()->first_packet_keyframe);
    CHECK(info.audio()->codec == "aac");
    CHECK(info.duration_s == doctest::Approx(3.0).epsilon(0.05 / 3.0));
    CHECK(info.video()->duration_s == doctest::Approx(3.0).epsilon(0.05 / 3.0));

    // The tone arrives through PulseAudio at its frequency (look past the first half second,
    // where the daemon may still be starting the stream).
    const AudioTrack audio = decode_audio_mono(out);
    REQUIRE(audio.sample_rate == 48000);
    const std::vector<float> middle(audio.mono.begin() + audio.sample_rate, audio.mono.begin() + 2 * audio.sample_rate);
    CHECK(dominant_frequency_hz(middle, audio.sample_rate) == doctest::Approx(440).epsilon(0.02));
    CHECK(rms_dbfs(middle) > -20);

    // The 90 packets are real pictures, not the constant-rate grid repeating one: the content
    // redraws 30 times a second, so most neighbouring frames differ, and the summary agrees.
    const auto frames = decode_video(out);
    REQUIRE(frames.size() == 90);
    CHECK(share_of_changed_neighbours(frames) > 0.5);
    const auto counts = summary_counts(r.err);
    REQUIRE_MESSAGE(counts.has_value(), r.err);
    CHECK(counts->duplicated < 45);
    CHECK(counts->dropped < 45);
}

TEST_CASE("records a region of the screen at its own size") {
    XvfbSession x(1280, 720);
    XAnimator content(x, "split");  // left half red, right half blue
    TempDir dir;
    const std::string left = dir.file("left.mp4"), right = dir.file("right.mp4");
    require_success(run_clipnote({"record", "--region", "320x240+40+100", "--duration", "1", "-o", left}, x.env()));
    require_success(run_clipnote({"record", "--region", "320x240+900+100", "--duration", "1", "-o", right}, x.env()));

    // No structured binding: INFO captures in a lambda, which clang 14 (the asan preset) refuses.
    for (const auto& clip : {std::pair{left, true}, std::pair{right, false}}) {
        const std::string& path = clip.first;
        const bool red = clip.second;
        const MediaInfo info = probe_media(path);
        REQUIRE(info.video());
        CHECK(info.video()->width == 320);
        CHECK(info.video()->height == 240);
        CHECK(info.audio() == nullptr);
        const auto frames = decode_video(path, 1);
        REQUIRE_FALSE(frames.empty());
        const auto px = frames[0].pixel(160, 120);
        INFO(path << " pixel " << int(px[0]) << "," << int(px[1]) << "," << int(px[2]));
        CHECK((red ? px[0] : px[2]) > 200);
        CHECK((red ? px[2] : px[0]) < 60);
    }
}

TEST_CASE("records one window, found by its title or its id") {
    XvfbSession x(1280, 720);
    XAnimator window(x, "split", "clipnote window test", "400x300+200+150");
    TempDir dir;
    char id[32];
    std::snprintf(id, sizeof id, "0x%lx", window.window_id());
    for (const std::string& which : {std::string("clipnote window test"), std::string(id)}) {
        const std::string out = dir.file("window.mp4");
        require_success(run_clipnote({"record", "--window", which, "--duration", "1", "-o", out}, x.env()));
        const MediaInfo info = probe_media(out);
        REQUIRE(info.video());
        CHECK(info.video()->width == 400);
        CHECK(info.video()->height == 300);
        const auto frames = decode_video(out, 1);
        REQUIRE_FALSE(frames.empty());
        CHECK(frames[0].pixel(100, 150)[0] > 200);  // the window's left half is red
        CHECK(frames[0].pixel(300, 150)[2] > 200);  // its right half blue
    }
}

TEST_CASE("SIGINT and SIGTERM stop a recording cleanly with the true duration") {
    XvfbSession x(640, 480);
    XAnimator content(x, "moving");
    TempDir dir;
    for (int sig : {SIGINT, SIGTERM}) {
        const std::string out = dir.file("stopped.mp4");
        ChildProcess p({clipnote_binary(), "record", "-o", out}, isolated(x.env()));
        std::this_thread::sleep_for(2500ms);
        p.send_signal(sig);
        const auto code = p.wait_for(10s);
        REQUIRE(code.has_value());
        INFO("stderr: " << p.stderr_text());
        CHECK(*code == 0);
        const MediaInfo info = probe_media(out);
        REQUIRE(info.video());
        // It recorded until the signal (minus start-up), and the container says so.
        CHECK(info.duration_s > 1.5);
        CHECK(info.duration_s < 3.0);
        CHECK(info.video()->duration_s == doctest::Approx(info.duration_s).epsilon(0.05));
    }
}

TEST_CASE("a recording killed with SIGKILL still plays up to about the last second") {
    XvfbSession x(1280, 720);
    XAnimator content(x, "moving");
    PulseSession pulse;
    auto tone = pulse.play_tone(440, 12);
    TempDir dir;
    const std::string out = dir.file("killed.mp4");
    const EnvVars data{{"XDG_DATA_HOME", dir.file("data")}};  // a History of its own
    ChildProcess p({clipnote_binary(), "record", "--mic", "-o", out}, isolated(merge(merge(x.env(), pulse.env()), data)));
    // Wait for the recording to be under way (the file exists), then record 4 more seconds.
    for (int i = 0; i < 100 && !std::filesystem::exists(out); ++i) std::this_thread::sleep_for(50ms);
    REQUIRE(std::filesystem::exists(out));
    std::this_thread::sleep_for(4s);
    p.send_signal(SIGKILL);
    p.wait_for(5s);

    const MediaInfo info = probe_media(out);
    REQUIRE(info.video());
    REQUIRE(info.audio());
    INFO("video span " << info.video()->packet_span_s << " s");
    CHECK(info.video()->packet_span_s >= 4.0 - 1.5);
    CHECK(info.audio()->packet_span_s >= 4.0 - 1.5);
    // Every frame that is there decodes.
    const auto frames = decode_video(out);
    CHECK(frames.size() >= size_t((4.0 - 1.5) * 30));

    // And History lists it: the next clipnote finds the dead process's placeholder.
    const auto history = run_clipnote({"history", "--json"}, data);
    require_success(history);
    const auto entries = nlohmann::json::parse(history.out);
    REQUIRE(entries.size() == 1);
    CHECK(entries[0]["state"] == "interrupted");
    CHECK(entries[0]["file"] == std::filesystem::canonical(out).string());
    CHECK(entries[0]["size"] == std::filesystem::file_size(out));
}

TEST_CASE("an encoder that falls behind steps to faster presets instead of dropping frames for good") {
    TempDir dir;
    const std::string out = dir.file("adaptive.mp4");
    // x264's placebo preset (exhaustive motion search, subme 11) encodes 1080p far below 30 fps on
    // any machine, so the encoder falls behind whatever the machine, not only on a slow one.
    const auto r = run_clipnote({"record", "--screen", "lavfi:testsrc2=size=1920x1080:rate=30", "--preset", "placebo",
                                 "--adaptive", "--duration", "6", "-o", out});
    require_success(r);
    INFO(r.err);
    CHECK(r.err.find("stepped from preset placebo to") != std::string::npos);
    const MediaInfo info = probe_media(out);
    REQUIRE(info.video());
    CHECK(info.video()->packet_count == 180);
    const auto frames = decode_video(out);
    REQUIRE(frames.size() == 180);  // one track, decodable across the encoder swaps
    // Not "for good": once stepped down it keeps up, so the last 3 s are moving pictures, not
    // one repeated (the first seconds may repeat while the slow presets are stepped past).
    const std::vector<RgbFrame> last_half(frames.begin() + 90, frames.end());
    CHECK(share_of_changed_neighbours(last_half) > 0.5);
}

TEST_CASE("records what the computer plays through the default sink's monitor") {
    XvfbSession x(640, 480);
    PulseSession pulse;
    auto tone = pulse.play_tone(880, 12);
    TempDir dir;
    const std::string out = dir.file("system.mp4");
    require_success(run_clipnote({"record", "--system-audio", "--duration", "2.5", "-o", out}, merge(x.env(), pulse.env())));
    const AudioTrack audio = decode_audio_mono(out);
    REQUIRE(audio.mono.size() > size_t(2 * audio.sample_rate));
    const std::vector<float> tail(audio.mono.begin() + audio.sample_rate, audio.mono.begin() + 2 * audio.sample_rate);
    CHECK(dominant_frequency_hz(tail, audio.sample_rate) == doctest::Approx(880).epsilon(0.02));
    CHECK(rms_dbfs(tail) > -20);
}

TEST_CASE("mixes the microphone and system audio into one track") {
    TempDir dir;
    const std::string out = dir.file("mixed.mp4");
    require_success(run_clipnote({"record", "--screen", "lavfi:testsrc2=size=320x240:rate=30", "--mic",
                                  "lavfi:sine=frequency=440:sample_rate=48000", "--system-audio",
                                  "lavfi:sine=frequency=1500:sample_rate=44100", "--duration", "2", "-o", out}));
    const MediaInfo info = probe_media(out);
    REQUIRE(info.audio());
    CHECK(info.streams.size() == 2);  // one video, one (mixed) audio track
    const AudioTrack audio = decode_audio_mono(out);
    const std::vector<float> middle(audio.mono.begin() + audio.sample_rate / 2, audio.mono.begin() + audio.sample_rate * 3 / 2);
    CHECK(dominant_frequency_hz(middle, audio.sample_rate, 200, 800) == doctest::Approx(440).epsilon(0.01));
    CHECK(dominant_frequency_hz(middle, audio.sample_rate, 1000, 3000) == doctest::Approx(1500).epsilon(0.01));
}
