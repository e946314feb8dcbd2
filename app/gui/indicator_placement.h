#pragma once
// Where the recording indicator goes so that clipnote's own controls stay out of the picture: its
// corner when that is not recorded, else the corner of a monitor that is not recorded, else
// nowhere (hidden; the hotkey and a notification carry on). Decided once, as the recording starts.
#include <optional>
#include <vector>

#include "capture/source_spec.h"
#include "capture/x11_monitors.h"
#include "encode/recorder.h"

namespace clipnote::gui {

// What of the screen a recording shows, in root-window coordinates.
struct RecordedArea {
    bool screen = false;          // false: no screen in it (the camera alone)
    std::optional<Region> known;  // unset with a screen: where is unknown (the Wayland portal's pick)
};
// From the recording's screen source: x11grab's offset and size (the whole screen when it has no
// size: `screen_size`), the portal (unknown), anything else (not the screen).
RecordedArea recorded_area(const RecordOptions& options, const Region& screen_size);

struct IndicatorPlace {
    enum Kind { corner, elsewhere, hidden } kind = corner;
    Region bounds;  // where it goes: `corner` or `elsewhere`
};
// `corner`: where the indicator would be (the top-right corner of its display); `monitors`: the
// X11 monitors (empty under Wayland). The indicator is `corner.width` x `corner.height`, `margin`
// from a monitor's top-right corner when moved.
IndicatorPlace place_indicator(const RecordedArea& recorded, const Region& corner,
                               const std::vector<MonitorInfo>& monitors, int margin);

}  // namespace clipnote::gui
