// Hardening of capture and conversion: the colour description a recording declares matches the
// arithmetic that made its pixels, and one undecodable packet from an input does not end the
// recording.
#include <fstream>
#include <iterator>
#include <memory>
#include <thread>

#include "common/av_ptr.h"
#include "recording_fixture.h"

extern "C" {
#include <libavutil/pixdesc.h>
}

using namespace clipnote::test;
using namespace std::chrono_literals;

namespace {

struct ColourTags {
    AVColorPrimaries primaries = AVCOL_PRI_UNSPECIFIED;
    AVColorTransferCharacteristic transfer = AVCOL_TRC_UNSPECIFIED;
    AVColorSpace matrix = AVCOL_SPC_UNSPECIFIED;
    AVColorRange range = AVCOL_RANGE_UNSPECIFIED;
};

std::string describe(const ColourTags& t) {
    auto name = [](const char* n) { return std::string(n ? n : "?"); };
    return "primaries " + name(av_color_primaries_name(t.primaries)) + ", transfer " +
           name(av_color_transfer_name(t.transfer)) + ", matrix " + name(av_color_space_name(t.matrix)) + ", range " +
           name(av_color_range_name(t.range));
}

clipnote::InputFormatPtr open_file(const std::string& path) {
    AVFormatContext* raw = nullptr;
    if (avformat_open_input(&raw, path.c_str(), nullptr, nullptr) < 0) throw std::runtime_error("cannot open " + path);
    return clipnote::InputFormatPtr(raw);
}

// What the MP4's sample description ('colr' box) says: the demuxer's header only, before any
// decoding could fill the fields in from the bitstream.
ColourTags container_colour(const std::string& path) {
    const clipnote::InputFormatPtr in = open_file(path);
    const int index = av_find_best_stream(in.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (index < 0) throw std::runtime_error("no video in " + path);
    const AVCodecParameters* par = in->streams[index]->codecpar;
    return {par->color_primaries, par->color_trc, par->color_space, par->color_range};
}

// What the H.264 SPS (VUI) says: the first decoded frame, with the container's hints removed.
ColourTags bitstream_colour(const std::string& path) {
    const clipnote::InputFormatPtr in = open_file(path);
    const AVCodec* codec = nullptr;
    const int index = av_find_best_stream(in.get(), AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0);
    if (index < 0 || !codec) throw std::runtime_error("no video in " + path);
    clipnote::CodecContextPtr dec(avcodec_alloc_context3(codec));
    avcodec_parameters_to_context(dec.get(), in->streams[index]->codecpar);
    dec->color_primaries = AVCOL_PRI_UNSPECIFIED;
    dec->color_trc = AVCOL_TRC_UNSPECIFIED;
    dec->colorspace = AVCOL_SPC_UNSPECIFIED;
    dec->color_range = AVCOL_RANGE_UNSPECIFIED;
    if (avcodec_open2(dec.get(), codec, nullptr) < 0) throw std::runtime_error("cannot decode " + path);
    clipnote::PacketPtr packet = clipnote::make_packet();
    clipnote::FramePtr frame = clipnote::make_frame();
    while (av_read_frame(in.get(), packet.get()) >= 0) {
        const bool ours = packet->stream_index == index;
        if (ours) avcodec_send_packet(dec.get(), packet.get());
        av_packet_unref(packet.get());
        if (ours && avcodec_receive_frame(dec.get(), frame.get()) >= 0)
            return {frame->color_primaries, frame->color_trc, frame->colorspace, frame->color_range};
    }
    avcodec_send_packet(dec.get(), nullptr);
    if (avcodec_receive_frame(dec.get(), frame.get()) >= 0)
        return {frame->color_primaries, frame->color_trc, frame->colorspace, frame->color_range};
    throw std::runtime_error("no picture in " + path);
}

// Two solid colours side by side. The green one moves by ~20 levels when a BT.601 picture is
// read as BT.709 (or the other way round), so a tag that does not match the matrix shows.
constexpr std::array<uint8_t, 3> kLeft{0x33, 0xCC, 0x66}, kRight{0x33, 0x66, 0xCC};
std::string two_colours(const std::string& pix_fmt) {
    return "lavfi:color=c=0x33CC66:s=160x240:r=30[l];color=c=0x3366CC:s=160x240:r=30[r];[l][r]hstack,format=" +
           pix_fmt + "[out0]";
}

void check_colours(const std::string& path) {
    const auto frames = decode_video(path, 1);  // honours the matrix and range the file declares
    REQUIRE(frames.size() == 1);
    const RgbFrame& f = frames[0];
    REQUIRE(f.width == 320);
    // No structured binding: INFO captures in a lambda, which clang 14 (the asan preset) refuses.
    for (const auto& at : {std::pair{80, kLeft}, std::pair{240, kRight}}) {
        const int x = at.first;
        const auto& want = at.second;
        const auto got = f.pixel(x, 120);
        INFO("at x=" << x << ": got " << int(got[0]) << "," << int(got[1]) << "," << int(got[2]) << " want "
                     << int(want[0]) << "," << int(want[1]) << "," << int(want[2]));
        for (int c = 0; c < 3; ++c) CHECK(std::abs(int(got[size_t(c)]) - int(want[size_t(c)])) <= 6);
    }
}

// Byte offsets of the JPEG images (SOI markers) in a raw MJPEG stream.
std::vector<size_t> jpeg_starts(const std::string& data) {
    std::vector<size_t> starts;
    for (size_t at = data.find("\xFF\xD8\xFF"); at != std::string::npos; at = data.find("\xFF\xD8\xFF", at + 3))
        starts.push_back(at);
    return starts;
}

}  // namespace

TEST_CASE("colour: a recording declares the colour its pixels really have (SPS and MP4 colr)") {
    // bgr0 is what x11grab delivers (libyuv's path), rgb24 goes through swscale, yuv420p is copied.
    for (const std::string pix_fmt : {"bgr0", "rgb24", "yuv420p"}) {
        CAPTURE(pix_fmt);
        TempDir dir;
        const std::string out = dir.file("colour.mp4");
        require_success(run_clipnote({"record", "--screen", two_colours(pix_fmt), "--duration", "1", "-o", out}));

        const ColourTags box = container_colour(out), sps = bitstream_colour(out);
        INFO("colr: " << describe(box));
        INFO("SPS:  " << describe(sps));
        // Screens are sRGB: BT.709 primaries; limited range like every H.264 player expects.
        CHECK(box.primaries == AVCOL_PRI_BT709);
        CHECK(box.transfer == AVCOL_TRC_BT709);
        CHECK(box.matrix != AVCOL_SPC_UNSPECIFIED);
        CHECK(box.range == AVCOL_RANGE_MPEG);
        CHECK(sps.primaries == box.primaries);
        CHECK(sps.transfer == box.transfer);
        CHECK(sps.matrix == box.matrix);
        CHECK(sps.range == box.range);
        // The declared matrix is the one the conversion used: decoded by the tags, the colours return.
        check_colours(out);
    }
}

TEST_CASE("colour: a camera in BT.709 is converted to the matrix the recording declares") {
    // A file whose YUV is BT.709 (and says so), as the camera: copying its YUV unchanged under
    // the recording's own tag would shift the colours.
    TempDir dir;
    const std::string clip = dir.file("bt709.mp4");
    const RunResult made = run_command(
        {"ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", two_colours("rgb24").substr(6), "-vf",
         "scale=out_color_matrix=bt709:out_range=tv,format=yuv420p", "-colorspace", "bt709", "-color_primaries",
         "bt709", "-color_trc", "bt709", "-color_range", "tv", "-c:v", "libx264", "-qp", "0", "-t", "1", clip});
    INFO(made.err);
    REQUIRE(made.exit_code == 0);
    REQUIRE(container_colour(clip).matrix == AVCOL_SPC_BT709);

    const std::string out = dir.file("camera.mp4");
    require_success(run_clipnote({"record", "--camera-only", "--camera", "mov:" + clip, "-o", out}));
    INFO("colr: " << describe(container_colour(out)));
    check_colours(out);
}

TEST_CASE("colour: a GIF made from a recording keeps its colours") {
    TempDir dir;
    const std::string out = dir.file("colour.gif");
    require_success(
        run_clipnote({"record", "--screen", two_colours("bgr0"), "--format", "gif", "--duration", "1", "-o", out}));
    check_colours(out);
}

TEST_CASE("camera: an undecodable packet is skipped and counted; the recording goes on to the end") {
    TempDir dir;
    const std::string clip = dir.file("camera.mjpeg");
    // A webcam-like MJPEG stream: 75 pictures at 25 fps, 3 s.
    const RunResult made = run_command({"ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                                        "testsrc2=size=320x240:rate=25", "-frames:v", "75", "-c:v", "mjpeg", "-q:v",
                                        "5", "-f", "mjpeg", clip});
    INFO(made.err);
    REQUIRE(made.exit_code == 0);

    // Picture 37 keeps its start and end markers, so it arrives as one packet, but its insides
    // are zeros: the decoder rejects it.
    std::string data;
    {
        std::ifstream in(clip, std::ios::binary);
        data.assign(std::istreambuf_iterator<char>(in), {});
    }
    const std::vector<size_t> starts = jpeg_starts(data);
    REQUIRE(starts.size() == 75);
    std::fill(data.begin() + long(starts[37] + 4), data.begin() + long(starts[38] - 2), '\0');
    std::ofstream(clip, std::ios::binary | std::ios::trunc) << data;

    const std::string out = dir.file("camera.mp4");
    // No --duration: the recording ends with the file.
    const RunResult r = run_clipnote({"record", "--camera-only", "--camera", "mjpeg:" + clip, "-o", out});
    require_success(r);
    CHECK(r.err.find("1 bad packet skipped") != std::string::npos);

    const MediaInfo info = probe_media(out);
    REQUIRE(info.video());
    INFO("recorded " << info.video()->duration_s << " s");
    // All of the file, not cut at the bad picture (1.5 s in).
    CHECK(info.video()->duration_s == doctest::Approx(3.0).epsilon(0.1));
}

TEST_CASE("a stop before --duration's end ends the recording there (a finite input that runs out)") {
    TempDir dir;
    const std::string out = dir.file("short.mp4");
    // A 2 s input with --duration 10: the recording ends when the input does, not 8 s of repeats later.
    require_success(run_clipnote(
        {"record", "--screen", "lavfi:testsrc2=size=320x240:rate=30:duration=2", "--duration", "10", "-o", out}));
    const MediaInfo info = probe_media(out);
    REQUIRE(info.video());
    CHECK(info.duration_s == doctest::Approx(2.0).epsilon(0.1));
}

TEST_CASE("the sound server goes away mid-recording: a one-line error naming the microphone; the file plays") {
    TempDir dir;
    const std::string out = dir.file("server-gone.mp4");
    auto pulse = std::make_unique<PulseSession>();
    auto voice = pulse->play_tone(440, 30);
    ChildProcess p({clipnote_binary(), "record", "--screen", "lavfi:testsrc2=size=320x240:rate=30", "--mic",
                    "pulse:" + pulse->mic_source(), "-o", out},
                   isolated(pulse->env()));
    // Under way: the crash-safe file holds its first fragments.
    for (int i = 0; i < 200 && !(std::filesystem::exists(out) && probe_media(out).duration_s >= 1.0); ++i)
        std::this_thread::sleep_for(50ms);
    voice.reset();
    pulse.reset();  // the daemon stops, as at logout or when PipeWire restarts

    const auto status = p.wait_for(15s);
    REQUIRE_MESSAGE(status.has_value(), "clipnote did not notice the sound server going away");
    const std::string err = p.stderr_text();
    INFO("stderr: " << err);
    CHECK(*status != 0);
    CHECK(is_one_line(err));
    CHECK(err.find("microphone pulse:clipnote_mic stopped delivering") != std::string::npos);
    const MediaInfo info = probe_media(out);
    REQUIRE(info.video());
    REQUIRE(info.audio());
    CHECK(info.video()->packet_span_s >= 1.0);
    CHECK(decode_video(out).size() >= 30);
}
