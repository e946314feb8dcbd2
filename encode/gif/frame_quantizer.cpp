#include "encode/gif/frame_quantizer.h"

#include <dlfcn.h>

#include <algorithm>
#include <memory>
#include <string>

extern "C" {
#include <libimagequant.h>
}

#include "common/error.h"
#include "encode/gif/palette_remap.h"

namespace clipnote::gif {

namespace {

struct AttrDeleter {
    void operator()(liq_attr* a) const { liq_attr_destroy(a); }
};
struct ImageDeleter {
    void operator()(liq_image* i) const { liq_image_destroy(i); }
};
struct ResultDeleter {
    void operator()(liq_result* r) const { liq_result_destroy(r); }
};
using AttrPtr = std::unique_ptr<liq_attr, AttrDeleter>;
using ImagePtr = std::unique_ptr<liq_image, ImageDeleter>;
using ResultPtr = std::unique_ptr<liq_result, ResultDeleter>;

void check_liq(liq_error e, const char* what) {
    if (e != LIQ_OK) throw Error(std::string("making the GIF: libimagequant ") + what + " failed (" + std::to_string(int(e)) + ")");
}

// Debian's libimagequant runs its loops on OpenMP threads, which spin between frames: a third of
// an export's CPU time went to waiting, for a few per cent of its wall time (docs/BENCHMARKS.md).
// One thread for the regions this thread starts. Looked up rather than linked, so a libimagequant
// built without OpenMP needs nothing.
void use_one_openmp_thread() {
    thread_local bool done = false;
    if (done) return;
    done = true;
    using SetNumThreads = void (*)(int);
    if (auto set = reinterpret_cast<SetNumThreads>(dlsym(RTLD_DEFAULT, "omp_set_num_threads"))) set(1);
}

// Every `step`-th pixel of every `step`-th row, odd rows shifted by half a step.
std::vector<uint8_t> subsample(const DitherArea& area, int step, int& width, int& height) {
    width = area.width / step;
    height = area.height / step;
    std::vector<uint8_t> out(size_t(width) * size_t(height) * 4);
    for (int y = 0; y < height; ++y) {
        const int shift = (y % 2) * (step / 2);
        for (int x = 0; x < width; ++x)
            std::copy_n(area.rgba + (size_t(y * step) * size_t(area.width) + size_t(x * step + shift)) * 4, 4, &out[(size_t(y) * size_t(width) + size_t(x)) * 4]);
    }
    return out;
}

}  // namespace

QuantizedFrame quantize_frame(const DitherArea& area, const QuantizerSettings& s) {
    const int width = area.width, height = area.height;
    use_one_openmp_thread();
    AttrPtr attr(liq_attr_create());
    if (!attr) throw Error("making the GIF: out of memory");
    check_liq(liq_set_speed(attr.get(), s.speed), "set_speed");
    // No minimum: a frame that needs many colours still gets the best 256 rather than an error.
    check_liq(liq_set_quality(attr.get(), 0, s.quality), "set_quality");
    check_liq(liq_set_max_colors(attr.get(), s.max_colours), "set_max_colors");
    std::vector<uint8_t> sample;
    int sample_width = width, sample_height = height;
    if (s.palette_sample > 1 && width >= 8 * s.palette_sample && height >= 8 * s.palette_sample)
        sample = subsample(area, s.palette_sample, sample_width, sample_height);
    ImagePtr image(liq_image_create_rgba(attr.get(), sample.empty() ? area.rgba : sample.data(), sample_width, sample_height, 0));
    if (!image) throw Error("making the GIF: libimagequant could not take the frame");
    liq_result* raw = nullptr;
    check_liq(liq_image_quantize(image.get(), attr.get(), &raw), "quantize");
    ResultPtr result(raw);

    QuantizedFrame out;
    const liq_palette* pal = liq_get_palette(result.get());
    out.palette.reserve(pal->count);
    for (unsigned i = 0; i < pal->count; ++i) {
        const liq_color c = pal->entries[i];
        if (c.a < 128 && out.transparent < 0) out.transparent = int(i);
        out.palette.push_back({c.r, c.g, c.b});
    }
    // Each pixel to its nearest colour, or, dithered, through a pattern that stays put from frame
    // to frame (libimagequant's own dithering is error diffusion, whose pattern moves whenever
    // anything before a pixel changes). Not libimagequant's remap: on grainy frames, where nearly
    // every pixel is a colour of its own, it took half of an export's time (docs/BENCHMARKS.md).
    if (s.dithering > 0) pattern_dither(area, out.palette, out.transparent, s.dithering, out.indices);
    else
        for (int step = 0; step < std::max(1, s.refine_steps); ++step) remap_to_palette(area, out.palette, out.transparent, out.indices);
    return out;
}

}  // namespace clipnote::gif
