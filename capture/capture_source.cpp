#include "capture/capture_source.h"

#include "capture/input_source.h"
#include "capture/portal/portal_screen_source.h"
#include "capture/pulse/pulse_source.h"
#include "common/error.h"

namespace clipnote {

std::unique_ptr<CaptureSource> open_capture_source(const std::string& role, const SourceSpec& spec, MediaKind kind) {
    // clipnote's own backends are chosen by their format name; everything else is libav's.
    if (spec.format == "portal") {
        if (kind != MediaKind::video) throw Error("cannot open " + role + " " + spec.describe() + ": the portal gives pictures only");
        return std::make_unique<PortalScreenSource>(role, spec);
    }
    // Sound servers through libpulse (PipeWire speaks it too): opening libavdevice's pulse
    // input held the recording's start back by 1.5-2 s (bench/mic_start.sh).
    if (spec.format == "pulse" && kind == MediaKind::audio) return std::make_unique<PulseSource>(role, spec);
    return std::make_unique<InputSource>(role, spec, kind);
}

}  // namespace clipnote
