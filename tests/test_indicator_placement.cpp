// Where the recording indicator goes so that it is not in the picture (app/gui/indicator_placement.h).
#include <doctest/doctest.h>

#include "app/gui/indicator_placement.h"

using namespace clipnote;
using namespace clipnote::gui;

namespace {

const Region kScreen{2560, 1080, 0, 0};
const Region kCorner{340, 52, 1280 - 340 - 16, 16};  // top-right of the left monitor
const std::vector<MonitorInfo> kTwo{{0, "laptop", {1280, 1080, 0, 0}, true}, {1, "external", {1280, 1080, 1280, 0}, false}};

RecordOptions screen(const std::string& url, const std::string& size = "") {
    RecordOptions o;
    o.screen = SourceSpec{"x11grab", url, {}};
    if (!size.empty()) o.screen->options["video_size"] = size;
    return o;
}

}  // namespace

TEST_CASE("recorded area: x11grab's offset and size, the whole screen without them, unknown for the portal") {
    CHECK(recorded_area(screen(":0"), kScreen).known->width == 2560);
    const RecordedArea part = recorded_area(screen(":0+1280,0", "1280x1080"), kScreen);
    REQUIRE(part.known);
    CHECK(part.known->x == 1280);
    CHECK(part.known->width == 1280);
    RecordOptions portal;
    portal.screen = SourceSpec{"portal", "monitor", {}};
    CHECK(recorded_area(portal, kScreen).screen);
    CHECK_FALSE(recorded_area(portal, kScreen).known);
    RecordOptions camera = screen(":0");
    camera.camera_only = true;
    CHECK_FALSE(recorded_area(camera, kScreen).screen);
}

TEST_CASE("the indicator stays out of the picture: its corner when not recorded, another monitor's, or hidden") {
    // The other monitor is recorded: the corner is not in the picture.
    CHECK(place_indicator(recorded_area(screen(":0+1280,0", "1280x1080"), kScreen), kCorner, kTwo, 16).kind ==
          IndicatorPlace::corner);
    // Its own monitor is recorded: to the other one's top-right corner.
    const IndicatorPlace moved = place_indicator(recorded_area(screen(":0+0,0", "1280x1080"), kScreen), kCorner, kTwo, 16);
    CHECK(moved.kind == IndicatorPlace::elsewhere);
    CHECK(moved.bounds.x == 2560 - 340 - 16);
    CHECK(moved.bounds.y == 16);
    // Everything is recorded, or one monitor only, or where is unknown: hidden.
    CHECK(place_indicator(recorded_area(screen(":0"), kScreen), kCorner, kTwo, 16).kind == IndicatorPlace::hidden);
    CHECK(place_indicator(recorded_area(screen(":0+0,0", "1280x1080"), kScreen), kCorner, {kTwo[0]}, 16).kind ==
          IndicatorPlace::hidden);
    RecordOptions portal;
    portal.screen = SourceSpec{"portal", "monitor", {}};
    CHECK(place_indicator(recorded_area(portal, kScreen), kCorner, kTwo, 16).kind == IndicatorPlace::hidden);
    // A region away from the corner, or the camera alone: the corner.
    CHECK(place_indicator(recorded_area(screen(":0+0,500", "640x360"), kScreen), kCorner, kTwo, 16).kind ==
          IndicatorPlace::corner);
    RecordOptions camera;
    camera.camera = SourceSpec{"v4l2", "/dev/video0", {}};
    camera.camera_only = true;
    CHECK(place_indicator(recorded_area(camera, kScreen), kCorner, kTwo, 16).kind == IndicatorPlace::corner);
}
