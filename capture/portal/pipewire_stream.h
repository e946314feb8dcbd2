#pragma once
// A PipeWire video stream consumer: connects to a remote (the fd the ScreenCast portal hands
// out), negotiates a raw RGB format in shared memory (BGRx, RGBx, BGRA, RGBA, xRGB, xBGR; no
// DMA-BUF is asked for, so a compositor without GPU buffers works too) and hands every picture to
// a callback on PipeWire's own thread. RAII over the thread loop, context, core and stream.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

extern "C" {
#include <libavutil/pixfmt.h>
}

namespace clipnote {

struct RawVideoFormat {
    int width = 0, height = 0;
    AVPixelFormat pixel_format = AV_PIX_FMT_NONE;
};

class PipeWireVideoStream {
public:
    // A picture: `data` rows of `stride` bytes, valid during the call only.
    using FrameCallback = std::function<void(const std::uint8_t* data, int stride, const RawVideoFormat& format)>;
    // The stream failed or ended (PipeWire died, the portal session was closed).
    using ErrorCallback = std::function<void(const std::string& why)>;

    // Connects to node `node_id` through the remote `fd` (duplicated; the caller keeps its own).
    // Throws Error when PipeWire cannot be reached.
    PipeWireVideoStream(int fd, std::uint32_t node_id, FrameCallback on_frame, ErrorCallback on_error);
    ~PipeWireVideoStream();
    PipeWireVideoStream(const PipeWireVideoStream&) = delete;
    PipeWireVideoStream& operator=(const PipeWireVideoStream&) = delete;

    // Waits until a format is agreed on; throws Error when none is within `timeout`.
    RawVideoFormat wait_for_format(std::chrono::milliseconds timeout);

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace clipnote
