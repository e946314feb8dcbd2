#include "support/webp_decode.h"

#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>

#include <webp/demux.h>

namespace clipnote::test {

WebpAnimation decode_webp_animation(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    WebPData data{bytes.data(), bytes.size()};
    WebPAnimDecoderOptions options;
    if (!WebPAnimDecoderOptionsInit(&options)) throw std::runtime_error("libwebp version mismatch");
    options.color_mode = MODE_RGBA;
    std::unique_ptr<WebPAnimDecoder, void (*)(WebPAnimDecoder*)> decoder(WebPAnimDecoderNew(&data, &options),
                                                                         WebPAnimDecoderDelete);
    if (!decoder) throw std::runtime_error("not an animated WebP: " + path);
    WebPAnimInfo info;
    if (!WebPAnimDecoderGetInfo(decoder.get(), &info)) throw std::runtime_error("unreadable WebP: " + path);
    WebpAnimation a;
    a.width = int(info.canvas_width);
    a.height = int(info.canvas_height);
    int previous_ms = 0;
    while (WebPAnimDecoderHasMoreFrames(decoder.get())) {
        uint8_t* rgba = nullptr;
        int end_ms = 0;  // libwebp gives each frame's end: its start plus its duration
        if (!WebPAnimDecoderGetNext(decoder.get(), &rgba, &end_ms)) throw std::runtime_error("bad frame in " + path);
        RgbFrame f;
        f.width = a.width;
        f.height = a.height;
        f.time_s = previous_ms / 1000.0;
        f.rgb.resize(size_t(a.width) * size_t(a.height) * 3);
        for (size_t i = 0; i < f.rgb.size() / 3; ++i)
            for (size_t c = 0; c < 3; ++c) f.rgb[i * 3 + c] = rgba[i * 4 + c];
        a.frames.push_back(std::move(f));
        previous_ms = end_ms;
    }
    a.duration_s = previous_ms / 1000.0;
    return a;
}

}  // namespace clipnote::test
