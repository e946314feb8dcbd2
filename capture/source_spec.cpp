#include "capture/source_spec.h"

#include <regex>
#include <set>

#include "common/error.h"

extern "C" {
#include <libavdevice/avdevice.h>
#include <libavformat/avformat.h>
}

namespace clipnote {

namespace {

bool is_input_format(const std::string& name) {
    static const bool registered = [] {
        avdevice_register_all();
        return true;
    }();
    (void)registered;
    return !name.empty() && av_find_input_format(name.c_str()) != nullptr;
}

// clipnote's own capture backends (capture_source.cpp), named like libav inputs.
bool is_own_format(const std::string& name) { return name == "portal"; }

}  // namespace

SourceSpec parse_source(const std::string& text, const std::string& default_format) {
    if (text.empty()) throw Error("empty source name");
    const auto colon = text.find(':');
    if (colon != std::string::npos && colon > 0) {
        const std::string prefix = text.substr(0, colon);
        if (is_input_format(prefix) || is_own_format(prefix)) return {prefix, text.substr(colon + 1), {}};
    }
    return {default_format, text, {}};
}

Region parse_region(const std::string& text) {
    static const std::regex pattern(R"(^(\d+)x(\d+)(?:\+(\d+)\+(\d+))?$)");
    std::smatch m;
    if (!std::regex_match(text, m, pattern))
        throw Error("bad region '" + text + "': expected WxH+X+Y, e.g. 1280x720+0+0");
    Region r;
    r.width = std::stoi(m[1]);
    r.height = std::stoi(m[2]);
    if (m[3].matched) {
        r.x = std::stoi(m[3]);
        r.y = std::stoi(m[4]);
    }
    if (r.width < 16 || r.height < 16) throw Error("bad region '" + text + "': at least 16x16 pixels");
    return r;
}

SourceSpec screen_source(const std::string& display, int fps) {
    SourceSpec s{"x11grab", display, {}};
    s.options["framerate"] = std::to_string(fps);
    s.options["draw_mouse"] = "1";
    return s;
}

SourceSpec region_source(const std::string& display, const Region& region, int fps) {
    SourceSpec s = screen_source(display, fps);
    s.url = display + "+" + std::to_string(region.x) + "," + std::to_string(region.y);
    s.options["video_size"] = std::to_string(region.width) + "x" + std::to_string(region.height);
    return s;
}

SourceSpec camera_source(const std::string& text, int fps) {
    SourceSpec s = parse_source(text.empty() ? "/dev/video0" : text, "v4l2");
    if (s.format == "v4l2") s.options["framerate"] = std::to_string(fps);
    return s;
}

SourceSpec mic_source(const std::string& text) {
    return parse_source(text.empty() ? "default" : text, "pulse");
}

SourceSpec system_audio_source(const std::string& text) {
    // PulseAudio resolves this special name to the monitor of whatever the default sink is.
    return parse_source(text.empty() ? "@DEFAULT_MONITOR@" : text, "pulse");
}

bool is_live_format(const std::string& format) {
    static const std::set<std::string> live = {"x11grab", "pulse", "v4l2", "video4linux2", "alsa",
                                               "jack",    "oss",   "fbdev", "kmsgrab", "openal", "portal"};
    return live.count(format) > 0;
}

}  // namespace clipnote
