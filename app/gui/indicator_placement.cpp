#include "app/gui/indicator_placement.h"

#include <cstdio>

namespace clipnote::gui {
namespace {

bool overlap(const Region& a, const Region& b) {
    return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

}  // namespace

RecordedArea recorded_area(const RecordOptions& options, const Region& screen_size) {
    RecordedArea area;
    if (options.camera_only || !options.screen) return area;
    const SourceSpec& s = *options.screen;
    if (s.format == "portal") return {true, std::nullopt};
    if (s.format != "x11grab") return area;  // lavfi, a file: not this screen
    area.screen = true;
    Region r = screen_size;
    // "DISPLAY+X,Y" and video_size "WxH" for a part; the whole screen without them.
    if (const auto plus = s.url.rfind('+'); plus != std::string::npos)
        std::sscanf(s.url.c_str() + plus + 1, "%d,%d", &r.x, &r.y);
    if (const auto size = s.options.find("video_size"); size != s.options.end())
        std::sscanf(size->second.c_str(), "%dx%d", &r.width, &r.height);
    area.known = r;
    return area;
}

IndicatorPlace place_indicator(const RecordedArea& recorded, const Region& corner,
                               const std::vector<MonitorInfo>& monitors, int margin) {
    if (!recorded.screen) return {IndicatorPlace::corner, corner};
    if (!recorded.known) return {IndicatorPlace::hidden, {}};
    if (!overlap(corner, *recorded.known)) return {IndicatorPlace::corner, corner};
    for (const MonitorInfo& m : monitors) {
        const Region there{corner.width, corner.height, m.bounds.x + m.bounds.width - corner.width - margin,
                           m.bounds.y + margin};
        if (!overlap(there, *recorded.known)) return {IndicatorPlace::elsewhere, there};
    }
    return {IndicatorPlace::hidden, {}};
}

}  // namespace clipnote::gui
