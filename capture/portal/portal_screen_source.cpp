#include "capture/portal/portal_screen_source.h"

#include <cstring>

#include "capture/portal/restore_token.h"
#include "common/clock.h"
#include "common/error.h"

namespace clipnote {

namespace {

constexpr auto kFormatTimeout = std::chrono::seconds(10);

ScreencastTarget target_of(const std::string& url) {
    if (url.empty() || url == "monitor") return ScreencastTarget::monitor;
    if (url == "window") return ScreencastTarget::window;
    if (url == "any") return ScreencastTarget::any;
    throw Error("unknown portal target '" + url + "': use portal:monitor, portal:window or portal:any");
}

}  // namespace

PortalScreenSource::PortalScreenSource(std::string role, SourceSpec spec) : role_(std::move(role)), spec_(std::move(spec)) {
    const std::string what = "cannot open " + role_ + " " + spec_.describe() + ": ";
    try {
        const ScreencastTarget target = target_of(spec_.url);
        const std::string target_name = spec_.url.empty() ? "monitor" : spec_.url;
        ScreencastRequest request{target, load_restore_token(target_name)};
        session_ = std::make_unique<ScreencastSession>(request);
        save_restore_token(target_name, session_->restore_token());
        stream_ = std::make_unique<PipeWireVideoStream>(
            session_->pipewire_fd(), session_->node_id(),
            [this](const std::uint8_t* data, int stride, const RawVideoFormat& f) { on_frame(data, stride, f); },
            [this](const std::string& why) { on_error(why); });
        const RawVideoFormat format = stream_->wait_for_format(kFormatTimeout);
        crop_w_ = format.width;
        crop_h_ = format.height;
        if (auto crop = spec_.options.find("crop"); crop != spec_.options.end()) {
            const Region r = parse_region(crop->second);
            if (r.x < 0 || r.y < 0 || r.x + r.width > format.width || r.y + r.height > format.height)
                throw Error("the region " + crop->second + " is not inside the shared screen (" +
                            std::to_string(format.width) + "x" + std::to_string(format.height) + ")");
            crop_x_ = r.x, crop_y_ = r.y, crop_w_ = r.width, crop_h_ = r.height;
        }
    } catch (const std::exception& e) {
        stream_.reset();
        session_.reset();
        throw Error(what + e.what());
    }
}

PortalScreenSource::~PortalScreenSource() {
    stop();
    stream_.reset();  // no callback runs after this
    session_.reset();
}

FramePtr PortalScreenSource::copy_picture(const std::uint8_t* data, int stride, const RawVideoFormat& f) const {
    if (f.width < crop_x_ + crop_w_ || f.height < crop_y_ + crop_h_) return nullptr;  // the screen shrank
    FramePtr frame = make_frame();
    frame->format = f.pixel_format;
    frame->width = crop_w_;
    frame->height = crop_h_;
    if (av_frame_get_buffer(frame.get(), 0) < 0) return nullptr;
    const std::uint8_t* src = data + std::size_t(crop_y_) * std::size_t(stride) + std::size_t(crop_x_) * 4;
    for (int y = 0; y < crop_h_; ++y)
        std::memcpy(frame->data[0] + std::size_t(y) * std::size_t(frame->linesize[0]), src + std::size_t(y) * std::size_t(stride),
                    std::size_t(crop_w_) * 4);
    return frame;
}

void PortalScreenSource::on_frame(const std::uint8_t* data, int stride, const RawVideoFormat& format) {
    const int64_t now = monotonic_us();
    FramePtr frame = copy_picture(data, stride, format);
    if (!frame) return;
    std::lock_guard lock(mutex_);
    if (queue_) queue_->push({index_, now, std::move(frame)});
    else latest_ = std::move(frame);
}

void PortalScreenSource::on_error(const std::string& why) {
    std::lock_guard lock(mutex_);
    if (!error_) error_ = why;
    if (queue_) queue_->wake();
}

void PortalScreenSource::start(CaptureQueue& queue, int source_index, int64_t start_us) {
    std::lock_guard lock(mutex_);
    queue_ = &queue;
    index_ = source_index;
    // A still screen sends nothing new: the picture on screen now is the recording's first.
    if (latest_) queue.push({index_, std::max(start_us, monotonic_us()), std::move(latest_)});
}

void PortalScreenSource::stop() {
    std::lock_guard lock(mutex_);
    queue_ = nullptr;
}

std::optional<std::string> PortalScreenSource::error() const {
    std::lock_guard lock(mutex_);
    return error_;
}

}  // namespace clipnote
