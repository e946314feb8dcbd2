#include "encode/webp_export.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>

extern "C" {
#include <webp/encode.h>
#include <webp/mux.h>
}

#include "common/error.h"
#include "encode/clip_frames.h"
#include "encode/media_reader.h"

namespace clipnote {

namespace {

struct AnimEncoderDeleter {
    void operator()(WebPAnimEncoder* e) const { WebPAnimEncoderDelete(e); }
};
using AnimEncoderPtr = std::unique_ptr<WebPAnimEncoder, AnimEncoderDeleter>;

// WebPPicture and WebPData own buffers freed by their own calls.
struct Picture {
    WebPPicture pic;
    Picture() {
        if (!WebPPictureInit(&pic)) throw Error("making the WebP: libwebp version mismatch");
    }
    ~Picture() { WebPPictureFree(&pic); }
};
struct Data {
    WebPData data;
    Data() { WebPDataInit(&data); }
    ~Data() { WebPDataClear(&data); }
};

}  // namespace

WebpResult export_webp(const std::string& input, const std::string& output, const WebpOptions& o, const CancelFlag* cancel) {
    if (o.fps < 1 || o.fps > 50) throw Error("WebP fps must be between 1 and 50");
    if (o.quality < 1 || o.quality > 100) throw Error("WebP quality must be between 1 and 100");
    MediaReader reader(input, false);
    WebPConfig config;
    if (!WebPConfigInit(&config)) throw Error("making the WebP: libwebp version mismatch");
    config.quality = float(o.quality);
    config.method = 4;

    AnimEncoderPtr encoder;
    WebpResult result;
    auto ms_at = [&](int64_t n) { return int(std::llround(n * 1000.0 / o.fps)); };
    const int64_t frames = for_each_clip_frame(
        reader, {o.fps, o.width, o.start_s, o.end_s},
        [&](const ClipFrame& f) {
            if (!encoder) {
                WebPAnimEncoderOptions options;
                if (!WebPAnimEncoderOptionsInit(&options)) throw Error("making the WebP: libwebp version mismatch");
                options.allow_mixed = 0;
                encoder.reset(WebPAnimEncoderNew(f.width, f.height, &options));
                if (!encoder) throw Error("making the WebP: out of memory");
            }
            Picture p;
            p.pic.use_argb = 1;
            p.pic.width = f.width;
            p.pic.height = f.height;
            if (!WebPPictureImportRGBA(&p.pic, f.rgba, f.width * 4)) throw Error("making the WebP: out of memory");
            if (!WebPAnimEncoderAdd(encoder.get(), &p.pic, ms_at(f.index), &config))
                throw Error(std::string("making the WebP: ") + WebPAnimEncoderGetError(encoder.get()));
        },
        cancel);
    if (!encoder) throw Error("making a WebP of " + input + ": no pictures in the chosen range");
    if (!WebPAnimEncoderAdd(encoder.get(), nullptr, ms_at(frames), nullptr))
        throw Error(std::string("making the WebP: ") + WebPAnimEncoderGetError(encoder.get()));
    Data webp;
    if (!WebPAnimEncoderAssemble(encoder.get(), &webp.data))
        throw Error(std::string("making the WebP: ") + WebPAnimEncoderGetError(encoder.get()));

    const std::string temp = output + ".part";
    std::FILE* f = std::fopen(temp.c_str(), "wb");
    if (!f) throw Error("cannot write " + output + ": " + std::strerror(errno));
    const bool written = std::fwrite(webp.data.bytes, 1, webp.data.size, f) == webp.data.size;
    const int err = errno;
    const bool closed = std::fclose(f) == 0;
    if (!written || !closed || std::rename(temp.c_str(), output.c_str()) != 0) {
        std::remove(temp.c_str());
        throw Error("writing " + output + ": " + std::strerror(written ? errno : err));
    }
    result.frames = int(frames);
    result.duration_s = ms_at(frames) / 1000.0;
    result.bytes = int64_t(webp.data.size);
    return result;
}

}  // namespace clipnote
