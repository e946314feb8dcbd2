#include "capture/capture_source.h"

#include "capture/input_source.h"

namespace clipnote {

std::unique_ptr<CaptureSource> open_capture_source(const std::string& role, const SourceSpec& spec, MediaKind kind) {
    // Every format is a libavdevice/libavformat input today; clipnote's own backends are chosen
    // here by their format name before falling through to libav.
    return std::make_unique<InputSource>(role, spec, kind);
}

}  // namespace clipnote
