// clipnote's own GIF encoder (encode/gif/): encode recorded clips, decode the GIF back with
// FFmpeg and check timing, pixels (SSIM against the source frames), the transparency and
// sub-rectangles it is meant to use, size limits and cancellation.
#include <algorithm>
#include <array>
#include <filesystem>
#include <numeric>

#include "encode/gif_export.h"
#include "animation_sources.h"

using namespace clipnote::test;
namespace fs = std::filesystem;

namespace {

double total(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }

// SSIM of every source frame against the GIF frame shown at its time: the lowest and the mean.
struct Similarity {
    double lowest = 1, mean = 0;
};
Similarity compare_to_source(const std::string& gif, const std::string& source, int fps) {
    const auto gif_frames = decode_video(gif);
    const auto delays = gif_frame_delays_s(gif);
    REQUIRE(gif_frames.size() == delays.size());
    const auto src = decode_video(source);
    REQUIRE_FALSE(src.empty());
    Similarity s;
    size_t shown = 0;
    double shown_until = delays[0];
    for (size_t i = 0; i < src.size(); ++i) {
        const double t = (double(i) + 0.5) / fps;  // the middle of the source frame's slot
        while (t >= shown_until && shown + 1 < gif_frames.size()) shown_until += delays[++shown];
        const double ssim = luma_ssim(gif_frames[shown], src[i]);
        s.lowest = std::min(s.lowest, ssim);
        s.mean += ssim / double(src.size());
    }
    return s;
}

// Records `picture` (lavfi) for `seconds` at `fps` into DIR/NAME.mp4 and makes DIR/NAME.gif of it
// with `o` at the same fps.
struct MadeGif {
    std::string source, gif;
    clipnote::GifResult result;
};
MadeGif record_and_make_gif(const TempDir& dir, const std::string& name, const std::string& picture, int fps, int seconds,
                            clipnote::GifOptions o = {}) {
    MadeGif m;
    m.source = record_source(dir, name, picture, fps, seconds);
    m.gif = dir.file(name + ".gif");
    o.fps = fps;
    m.result = clipnote::export_gif(m.source, m.gif, o);
    return m;
}

}  // namespace

TEST_CASE("GIF encoder: a camera-like clip plays for its duration, close to the source, still parts transparent") {
    TempDir dir;
    const auto [source, gif, r] = record_and_make_gif(dir, "camera", kCameraLike, 15, 3);
    CHECK(r.frames_in == 45);
    CHECK(total(gif_frame_delays_s(gif)) == doctest::Approx(3.0).epsilon(0.02));
    const Similarity s = compare_to_source(gif, source, 15);
    INFO("SSIM mean " << s.mean << ", lowest " << s.lowest);
    CHECK(s.mean > 0.9);
    CHECK(s.lowest > 0.88);

    // After the first frame, each frame leaves the still wall as it was: transparent pixels, so
    // its data is a small part of the first (full) frame's. (The rectangle itself stays wide
    // here: the H.264 recording's flicker reaches the corners; the screen test checks rectangles.)
    const auto images = gif_images(gif);
    REQUIRE(images.size() > 10);
    CHECK_FALSE(images[0].transparent);
    CHECK(images[0].width * images[0].height == 480 * 360);
    int transparent = 0;
    double later_bytes = 0;
    for (size_t i = 1; i < images.size(); ++i) {
        transparent += images[i].transparent;
        later_bytes += images[i].data_bytes / double(images.size() - 1);
    }
    INFO("first frame " << images[0].data_bytes << " bytes, later ones " << later_bytes << " on average");
    CHECK(transparent == int(images.size() - 1));
    CHECK(later_bytes < images[0].data_bytes * 0.2);
}

TEST_CASE("GIF encoder: a screen recording redraws only where the cursor moved") {
    TempDir dir;
    clipnote::GifOptions o;
    o.width = 640;
    const auto [source, gif, r] = record_and_make_gif(dir, "screen", kScreenLike, 10, 3, o);
    const Similarity s = compare_to_source(gif, source, 10);
    INFO("SSIM mean " << s.mean << ", lowest " << s.lowest);
    CHECK(s.lowest > 0.97);
    const auto images = gif_images(gif);
    REQUIRE(images.size() > 20);  // the cursor moves every frame
    for (size_t i = 1; i < images.size(); ++i) {
        INFO("frame " << i << ": " << images[i].width << "x" << images[i].height);
        CHECK(images[i].width * images[i].height < 40 * 40);  // the cursor's old and new place
    }
}

TEST_CASE("GIF encoder: a grainy film where every pixel moves keeps its grain moving, not frozen under the tolerance") {
    TempDir dir;
    const auto [source, gif, r] = record_and_make_gif(dir, "film", kGrainyFilm, 15, 3);
    // Grain left standing where it changed by less than the tolerance decorrelates from the
    // source's grain, which SSIM sees (luma SSIM 0.85 with it frozen, 0.92 redrawn exactly, when
    // this was written).
    const Similarity s = compare_to_source(gif, source, 15);
    INFO("SSIM mean " << s.mean << ", lowest " << s.lowest << ", " << r.bytes << " bytes");
    CHECK(s.mean > 0.89);
    // Redrawn in full, but with a smaller palette than quality 100's (grain hides the banding), so
    // clearly smaller (0.86 of it when this was written; 0.93 with the grain frozen).
    clipnote::GifOptions best;
    best.quality = 100;
    CHECK(r.bytes < clipnote::export_gif(source, dir.file("best.gif"), best).bytes * 0.9);
}

TEST_CASE("GIF encoder: grain over a picture half of which moves keeps moving in every frame, not frozen in some") {
    // Where the moving part hovers around the share of the picture from which grain is redrawn,
    // the grain must not switch between moving and standing still from one frame to the next (it
    // did: frozen over two thirds of this clip, after flipping once).
    TempDir dir;
    const auto [source, gif, r] = record_and_make_gif(dir, "half", kHalfMovingGrain, 15, 3);
    const auto frames = decode_video(gif);
    REQUIRE(frames.size() > 30);
    for (size_t i = 1; i < frames.size(); ++i) {
        // The share of pixels that changed since the frame before: redrawn grain changes nearly all.
        int changed = 0, seen = 0;
        for (int y = 0; y < frames[i].height; y += 3)
            for (int x = 0; x < frames[i].width; x += 3, ++seen) changed += frames[i].pixel(x, y) != frames[i - 1].pixel(x, y);
        INFO("frame " << i);
        CHECK(double(changed) / seen > 0.9);
    }
}

// Luma of `a` minus luma of `b`, two RGB pixels.
double luma_difference(const std::array<uint8_t, 3>& a, const std::array<uint8_t, 3>& b) {
    return 0.299 * (a[0] - b[0]) + 0.587 * (a[1] - b[1]) + 0.114 * (a[2] - b[2]);
}

// How far 8x8 block means of `a`'s luma stray from `b`'s inside the rectangle (x0, y0)-(x1, y1),
// after taking out the average difference (a constant shift is colour conversion, not banding): a
// band is off by up to half a palette step over its whole width; a dither's pattern averages to
// the colour over a few pixels.
double block_mean_error(const RgbFrame& a, const RgbFrame& b, int x0, int y0, int x1, int y1) {
    std::vector<double> differences;
    for (int by = y0; by + 8 <= y1; by += 8)
        for (int bx = x0; bx + 8 <= x1; bx += 8) {
            double d = 0;
            for (int y = by; y < by + 8; ++y)
                for (int x = bx; x < bx + 8; ++x) {
                    const auto pa = a.pixel(x, y), pb = b.pixel(x, y);
                    d += luma_difference(pa, pb) / 64;
                }
            differences.push_back(d);
        }
    const double shift = total(differences) / double(differences.size());
    double error = 0;
    for (double d : differences) error += std::abs(d - shift) / double(differences.size());
    return error;
}

TEST_CASE("GIF encoder: --dither takes a gradient's banding out, and still parts are not redrawn") {
    TempDir dir;
    clipnote::GifOptions o;  // quality 80: libimagequant finds few enough colours for bands
    const auto plain = record_and_make_gif(dir, "sky", kGradientSky, 15, 2, o);
    o.dither = true;
    const std::string dithered = dir.file("sky-dithered.gif");
    const clipnote::GifResult r = clipnote::export_gif(plain.source, dithered, o);
    const auto src = decode_video(plain.source, 1);
    const auto without = decode_video(plain.gif, 1), with = decode_video(dithered, 1);
    // The blue corner's gradient, above the box's path.
    const double banded = block_mean_error(without[0], src[0], 0, 0, 200, 96);
    const double smooth = block_mean_error(with[0], src[0], 0, 0, 200, 96);
    INFO("8x8 block luma error: " << banded << " plain, " << smooth << " dithered; " << plain.result.bytes << " and " << r.bytes << " bytes");
    CHECK(smooth < banded * 0.7);  // 0.32 against 0.64 when this was written
    // Stable: the sky stays as the first frame drew it; later frames redraw only around the box.
    const auto images = gif_images(dithered);
    REQUIRE(images.size() > 10);
    for (size_t i = 1; i < images.size(); ++i) {
        INFO("frame " << i << ": " << images[i].width << "x" << images[i].height);
        CHECK(images[i].width * images[i].height < 480 * 270 / 4);
    }
}

// Mean absolute luma difference of `a` from `b` inside the rectangle (x0, y0)-(x1, y1).
double mean_luma_difference(const RgbFrame& a, const RgbFrame& b, int x0, int y0, int x1, int y1) {
    double d = 0;
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x) {
            const auto pa = a.pixel(x, y), pb = b.pixel(x, y);
            d += std::abs(luma_difference(pa, pb));
        }
    return d / double((x1 - x0) * (y1 - y0));
}

TEST_CASE("GIF encoder: a thin line that moves on is drawn moving, and leaves no faint copy behind") {
    // A one-pixel line 20 levels off its background is under the single-pixel tolerance, and a 3x3
    // mean sees a third of it: the GIF never drew it move. (And when it was drawn, the speck filter
    // ate such a line from its ends, dropping pixels while it counted their neighbours.)
    TempDir dir;
    const auto made = record_and_make_gif(dir, "line", kFaintLine, 10, 2);
    const auto src = decode_video(made.source);
    const auto gif = decode_video(made.gif);
    CHECK(gif.size() > 10);  // it moves every frame
    // The line starts at x 40 and ends near x 154: where it was, the last frame shows the grey.
    int stale_columns = 0;
    for (int x = 36; x < 140; ++x) stale_columns += mean_luma_difference(gif.back(), src.back(), x, 40, x + 1, 140) > 8;
    INFO(stale_columns << " columns off by over 8 levels");
    CHECK(stale_columns == 0);
}

TEST_CASE("GIF encoder: lossy LZW at a low quality does not smear a gradient into streaks") {
    TempDir dir;
    clipnote::GifOptions o;
    o.quality = 40;  // lossy LZW up to an RGB distance of 40
    const auto made = record_and_make_gif(dir, "sky", kGradientSky, 15, 1, o);
    const auto src = decode_video(made.source, 1);
    const auto gif = decode_video(made.gif, 1);
    // A run extended across a gradient with one colour is a streak, off by more the longer it
    // runs, where banding is off by half a palette step at most: count the pixels far off.
    int far_off = 0;
    for (int y = 0; y < 96; ++y)
        for (int x = 0; x < 200; ++x) {
            const auto a = gif[0].pixel(x, y), b = src[0].pixel(x, y);
            far_off += std::abs(luma_difference(a, b)) > 12;
        }
    const double share = far_off / (200.0 * 96);
    INFO((share * 100) << " % of the gradient's pixels off by over 12 levels, " << made.result.bytes << " bytes");
    CHECK(share < 0.08);  // 3 % when this was written; 20 % with runs free to streak
}

TEST_CASE("GIF encoder: a fade from black follows the picture, frame by frame") {
    TempDir dir;
    const auto [source, gif, r] = record_and_make_gif(dir, "fade", kFadeIn, 15, 3);
    const Similarity s = compare_to_source(gif, source, 15);
    INFO("SSIM mean " << s.mean << ", lowest " << s.lowest);
    CHECK(s.mean > 0.9);
    CHECK(s.lowest > 0.8);
    // The last frame is the full picture, not a step of the fade left standing.
    const auto src = decode_video(source);
    const auto frames = decode_video(gif);
    CHECK(std::abs(frames.back().mean_luma() - src.back().mean_luma()) < 3);
}

TEST_CASE("GIF encoder: lower quality is smaller, and quality 100 is close to exact") {
    TempDir dir;
    const std::string source = record_source(dir, "camera", kCameraLike, 15, 2);
    std::vector<int64_t> bytes;
    for (int q : {40, 80, 100}) {
        clipnote::GifOptions o;
        o.quality = q;
        const std::string gif = dir.file("q" + std::to_string(q) + ".gif");
        bytes.push_back(clipnote::export_gif(source, gif, o).bytes);
        CHECK(int64_t(fs::file_size(gif)) == bytes.back());
        if (q == 100) CHECK(compare_to_source(gif, source, 15).mean > 0.96);
    }
    INFO("q40 " << bytes[0] << ", q80 " << bytes[1] << ", q100 " << bytes[2]);
    CHECK(bytes[0] < bytes[1]);
    CHECK(bytes[1] < bytes[2]);
}

TEST_CASE("GIF encoder: --max-size fits under the limit, within 15 %, in at most two encodes, and says what it gave up") {
    TempDir dir;
    const std::string source = record_source(dir, "camera", kCameraLike, 15, 3);
    clipnote::GifOptions o;
    const int64_t full = clipnote::export_gif(source, dir.file("full.gif"), o).bytes;
    for (double share : {0.6, 0.3}) {
        CAPTURE(share);
        const int64_t limit = int64_t(full * share);
        const std::string gif = dir.file("fit.gif");
        const RunResult run = run_clipnote({"export", source, "-o", gif, "--max-size", std::to_string(limit)});
        require_success(run);
        const int64_t bytes = int64_t(fs::file_size(gif));
        INFO("full " << full << ", limit " << limit << ", got " << bytes << "; " << run.err);
        CHECK(bytes <= limit);
        CHECK(bytes >= limit * 85 / 100);
        CHECK(run.err.find("To fit") != std::string::npos);
        CHECK(total(gif_frame_delays_s(gif)) == doctest::Approx(3.0).epsilon(0.03));  // still the whole clip

        clipnote::GifOptions limited;
        limited.max_bytes = limit;
        const clipnote::GifResult r = clipnote::export_gif(source, dir.file("fit2.gif"), limited);
        CHECK(r.encodes <= 2);
        CHECK(r.fits);
        CHECK_FALSE(r.gave_up.empty());
    }
}

TEST_CASE("record --max-size: a GIF that cannot fit keeps its MP4 and names the WebP and the MP4 with their sizes") {
    TempDir dir;
    const std::string gif = dir.file("noisy.gif");
    const RunResult run = run_clipnote({"record", "--screen", kCameraLike, "--fps", "15", "--duration", "2", "-o", gif,
                                        "--max-size", "20KB"});
    INFO(run.err);
    CHECK(run.exit_code == 0);  // the recording and its GIF are made; the limit is what failed
    CHECK(fs::exists(gif));
    CHECK(run.err.find("To fit 20KB: 15 -> 10 fps") != std::string::npos);
    CHECK(run.err.find("still larger than 20KB") != std::string::npos);
    CHECK(run.err.find("an animated WebP would be") != std::string::npos);
    // The MP4 the GIF was made from is the thing to send instead: kept, complete, and named.
    const std::string mp4 = dir.file("noisy.gif-source.mp4");
    REQUIRE(fs::exists(mp4));
    CHECK(run.err.find("the MP4 is") != std::string::npos);
    CHECK(run.err.find(mp4) != std::string::npos);
    CHECK(probe_media(mp4).duration_s == doctest::Approx(2.0).epsilon(0.15));
    CHECK_FALSE(fs::exists(dir.file("noisy.webp.measure.webp")));
}

TEST_CASE("GIF encoder: a GIF already under --max-size is made once, unchanged") {
    TempDir dir;
    const std::string source = record_source(dir, "screen", kScreenLike, 10, 2);
    clipnote::GifOptions o;
    o.max_bytes = 10'000'000;
    const clipnote::GifResult r = clipnote::export_gif(source, dir.file("small.gif"), o);
    CHECK(r.encodes == 1);
    CHECK(r.gave_up.empty());
    CHECK(r.width == 480);
}

TEST_CASE("GIF encoder: a cancelled export leaves no file, not even a partial one") {
    TempDir dir;
    const std::string source = record_source(dir, "camera", kCameraLike, 15, 3);
    const std::string gif = dir.file("cancelled.gif");
    clipnote::CancelFlag cancel;
    clipnote::GifOptions o;
    double seen = 0;
    o.on_progress = [&](double done) {
        seen = done;
        if (done > 0.3) cancel.cancel();
    };
    CHECK_THROWS_AS(clipnote::export_gif(source, gif, o, &cancel), clipnote::Cancelled);
    CHECK(seen > 0.3);
    CHECK(seen < 0.6);
    CHECK_FALSE(fs::exists(gif));
    CHECK_FALSE(fs::exists(gif + ".part"));
    CHECK(std::distance(fs::directory_iterator(dir.path()), {}) == 1);  // only the source
}

TEST_CASE("export --max-size and GIF-only options: bad ones give one clear line") {
    TempDir dir;
    const std::string source = record_source(dir, "screen", kScreenLike, 10, 1);
    const RunResult r = run_clipnote({"export", source, "-o", dir.file("x.gif"), "--max-size", "lots"});
    CHECK(r.exit_code != 0);
    CHECK(is_one_line(r.err));
    CHECK(r.err.find("lots") != std::string::npos);
    CHECK_FALSE(fs::exists(dir.file("x.gif")));

    // GIF-only options on other outputs, and a GIF rate no GIF can show, fail before any work.
    const RunResult mp4 = run_clipnote({"export", source, "-o", dir.file("x.mp4"), "--dither"});
    CHECK(mp4.exit_code != 0);
    CHECK(is_one_line(mp4.err));
    CHECK(mp4.err.find("GIF output") != std::string::npos);
    CHECK_FALSE(fs::exists(dir.file("x.mp4")));
    const RunResult fast = run_clipnote({"record", "--screen", kScreenLike, "--duration", "1", "--fps", "60", "-o", dir.file("y.gif")});
    CHECK(fast.exit_code != 0);
    CHECK(is_one_line(fast.err));
    CHECK(fast.err.find("at most 50") != std::string::npos);
    CHECK_FALSE(fs::exists(dir.file("y.gif-source.mp4")));
}
