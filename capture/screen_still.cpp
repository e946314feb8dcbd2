#include "capture/screen_still.h"

extern "C" {
#include <libswscale/swscale.h>
}

#include <memory>

#include "capture/capture_source.h"
#include "common/clock.h"
#include "common/error.h"

namespace clipnote {

namespace {

struct SwsDeleter {
    void operator()(SwsContext* c) const { sws_freeContext(c); }
};

StillPicture to_rgba(const AVFrame& f) {
    StillPicture still{f.width, f.height, {}};
    still.rgba.resize(std::size_t(f.width) * std::size_t(f.height) * 4);
    std::unique_ptr<SwsContext, SwsDeleter> sws(sws_getContext(f.width, f.height, AVPixelFormat(f.format), f.width, f.height,
                                                                AV_PIX_FMT_RGBA, SWS_POINT, nullptr, nullptr, nullptr));
    if (!sws) throw Error("cannot convert the screen's picture for display");
    uint8_t* planes[4] = {still.rgba.data(), nullptr, nullptr, nullptr};
    const int strides[4] = {f.width * 4, 0, 0, 0};
    sws_scale(sws.get(), f.data, f.linesize, 0, f.height, planes, strides);
    return still;
}

}  // namespace

StillPicture grab_still_picture(const SourceSpec& screen, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::unique_ptr<CaptureSource> source = open_capture_source("screen", screen, MediaKind::video);
    CaptureQueue queue({4});
    source->start(queue, 0, monotonic_us());
    std::optional<CapturedFrame> first;
    while (!first && std::chrono::steady_clock::now() < deadline && !source->error()) first = queue.pop_until(deadline);
    source->stop();
    if (!first || !first->frame) {
        const auto why = source->error();
        throw Error("the screen " + screen.describe() + " sent no picture" + (why ? ": " + *why : " in time"));
    }
    return to_rgba(*first->frame);
}

}  // namespace clipnote
