#pragma once
// A capture source named as "FORMAT:URL" of any libavdevice/libavformat input
// (x11grab::0.0+0,0  v4l2:/dev/video0  pulse:default  lavfi:sine=frequency=440), plus the
// demuxer options it is opened with (framerate, video_size, draw_mouse, ...).
#include <map>
#include <string>

namespace clipnote {

struct SourceSpec {
    std::string format;  // libavformat input name, e.g. "x11grab"
    std::string url;     // what avformat_open_input gets
    std::map<std::string, std::string> options;

    std::string describe() const { return format + ":" + url; }
    bool empty() const { return format.empty() && url.empty(); }
    bool operator==(const SourceSpec&) const = default;
};

// Splits "FORMAT:URL" when FORMAT names a registered input format; otherwise the whole text is
// the URL of `default_format`. Throws Error for an empty text.
SourceSpec parse_source(const std::string& text, const std::string& default_format);

// A rectangle on the X screen, "WxH+X+Y".
struct Region {
    int width = 0, height = 0, x = 0, y = 0;
};
// Parses "WxH+X+Y" (offsets optional); throws Error on anything else.
Region parse_region(const std::string& text);

// The friendly sources of the CLI and the app. `display` is an X display name such as ":0".
SourceSpec screen_source(const std::string& display, int fps);
SourceSpec region_source(const std::string& display, const Region& region, int fps);
SourceSpec camera_source(const std::string& text_or_empty, int fps);  // default /dev/video0
SourceSpec mic_source(const std::string& text_or_empty);              // default pulse:default
SourceSpec system_audio_source(const std::string& text_or_empty);     // default sink's monitor

// True for devices that deliver in real time by themselves (x11grab, pulse, v4l2, ...); other
// inputs (lavfi, files) are paced to the clock by the capture thread.
bool is_live_format(const std::string& format);

}  // namespace clipnote
