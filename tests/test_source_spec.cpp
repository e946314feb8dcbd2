#include <doctest/doctest.h>

#include "common/error.h"
#include "capture/source_spec.h"
#include "encode/bubble_compositor.h"

using namespace clipnote;

TEST_CASE("FORMAT:URL names any libavdevice input") {
    const auto s = parse_source("lavfi:sine=frequency=440", "pulse");
    CHECK(s.format == "lavfi");
    CHECK(s.url == "sine=frequency=440");
    const auto x = parse_source("x11grab::0.0+10,20", "pulse");
    CHECK(x.format == "x11grab");
    CHECK(x.url == ":0.0+10,20");
}

TEST_CASE("a name without a known format prefix uses the default format") {
    CHECK(parse_source("/dev/video2", "v4l2").format == "v4l2");
    CHECK(parse_source("alsa_input.usb-mic", "pulse").url == "alsa_input.usb-mic");
    CHECK(mic_source("").url == "default");
    CHECK(camera_source("", 30).url == "/dev/video0");
    CHECK(system_audio_source("").url == "@DEFAULT_MONITOR@");
    CHECK_THROWS_AS(parse_source("", "pulse"), Error);
}

TEST_CASE("regions parse as WxH+X+Y and reject nonsense") {
    const Region r = parse_region("640x480+10+20");
    CHECK(r.width == 640);
    CHECK(r.y == 20);
    CHECK(parse_region("320x200").x == 0);
    CHECK_THROWS_AS(parse_region("640x"), Error);
    CHECK_THROWS_AS(parse_region("4x4+0+0"), Error);
}

TEST_CASE("bubble specs take a corner and a size in percent or pixels") {
    CHECK(parse_bubble("tl,30%", 1000).corner == Corner::top_left);
    CHECK(parse_bubble("tl,30%", 1000).size_fraction == doctest::Approx(0.30));
    CHECK(parse_bubble("br,200px", 1000).size_fraction == doctest::Approx(0.20));
    CHECK(parse_bubble("bottom-left", 1000).corner == Corner::bottom_left);
    CHECK_THROWS_AS(parse_bubble("middle", 1000), Error);
    CHECK_THROWS_AS(parse_bubble("br,2%", 1000), Error);
}
