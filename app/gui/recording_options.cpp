#include "app/gui/recording_options.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "app/gui/gif_size_presets.h"
#include "app/share/click_highlight.h"
#include "capture/screen_backend.h"
#include "capture/x11_display.h"
#include "capture/x11_monitors.h"
#include "common/error.h"
#include "encode/output_paths.h"

namespace clipnote::gui {

namespace fs = std::filesystem;

namespace {

// The rectangle of `w` x `h` around the pointer, moved inside the pointer's monitor where it
// would cross its edge (and cut to it when the monitor is smaller).
Region around_pointer(const std::string& display, int w, int h) {
    const Point p = pointer_position(display).value_or(Point{});
    const Region m = choose_monitor(display).bounds;
    const int x = std::max(m.x, std::min(p.x - w / 2, m.x + m.width - w));
    const int y = std::max(m.y, std::min(p.y - h / 2, m.y + m.height - h));
    return clip_to_screen({w, h, x, y}, m);
}

// The monitor Settings chose; the pointer's when it is not there (unplugged since).
MonitorInfo chosen_monitor(const std::string& display, const std::string& name) {
    try {
        return choose_monitor(display, name);
    } catch (const Error&) {
        return choose_monitor(display);
    }
}

std::string recording_path(const AppSettings& s, const std::string& extension) {
    if (s.recordings_dir.empty()) return default_recording_path(extension);
    const fs::path name = fs::path(default_recording_path(extension)).filename();  // its date-time name
    fs::create_directories(s.recordings_dir);
    fs::path out = fs::path(s.recordings_dir) / name;
    for (int n = 2; fs::exists(out); ++n)  // two recordings in the same second
        out = fs::path(s.recordings_dir) / (name.stem().string() + "-" + std::to_string(n) + name.extension().string());
    return out.string();
}

}  // namespace

std::string derived_path(const std::string& file, const std::string& extension) {
    const fs::path p(file);
    fs::path out = p.parent_path() / (p.stem().string() + "-clip." + extension);
    for (int n = 2; fs::exists(out); ++n)
        out = p.parent_path() / (p.stem().string() + "-clip-" + std::to_string(n) + "." + extension);
    return out.string();
}

RecordOptions recording_options(const AppSettings& settings, bool reaction) {
    RecordOptions o;
    const int fps = reaction ? 15 : settings.fps;
    o.fps = fps;
    o.crf = crf_for(settings.quality);
    o.gif.width = settings.gif_width;
    // GIFs are for chat: they fit the chosen limit (by default what Slack shows inline).
    o.gif.max_bytes = gif_size_bytes(settings.gif_max_size);
    o.gif.dither = settings.gif_dither;
    const std::string display = std::getenv("DISPLAY") ? std::getenv("DISPLAY") : "";
    std::error_code no_camera;
    const bool have_camera = !settings.camera.empty() || fs::exists("/dev/video0", no_camera);
    if (reaction) {
        if (have_camera) {
            o.camera = camera_source(settings.camera, fps);
            o.camera_only = true;
        } else if (choose_screen_backend().format == "portal") {
            o.screen = default_screen_source(fps);  // Wayland tells no one where the pointer is
        } else {
            o.screen = region_source(display, around_pointer(display, 480, 360), fps);
        }
        o.duration_s = settings.reaction_seconds;
        o.format = OutputFormat::gif;
        o.output = recording_path(settings, "gif");
        return o;
    }
    switch (settings.area) {
        case CaptureArea::camera:
            if (!have_camera) throw Error("no camera found: plug one in, or set [capture] camera in Settings");
            o.camera = camera_source(settings.camera, fps);
            o.camera_only = true;
            break;
        case CaptureArea::region:
            if (!settings.region.empty()) {
                o.screen = default_screen_source(fps, settings.region);
                break;
            }
            [[fallthrough]];
        case CaptureArea::screen:
            if (!settings.screen.empty()) o.screen = parse_source(settings.screen, "x11grab");
            else if (settings.monitor.empty() || choose_screen_backend().format == "portal") o.screen = default_screen_source(fps);
            else o.screen = monitor_source(display, chosen_monitor(display, settings.monitor), fps);
            break;
    }
    // Clicks are heard on X11 only: under the portal the setting stays off (Settings says so).
    if (settings.click_highlight && o.screen && o.screen->format == "x11grab") o.click_rings = share::click_highlight_for(*o.screen);
    if (settings.bubble && have_camera && settings.area != CaptureArea::camera)
        o.camera = camera_source(settings.camera, fps);
    // Video updates are recorded as MP4 and turned into a GIF or WebP on Share when asked, so the
    // review can still trim them; without a review the format applies at once.
    const ShareFormat now = settings.review ? ShareFormat::mp4 : settings.share_as;
    o.format = now == ShareFormat::gif ? OutputFormat::gif : now == ShareFormat::webp ? OutputFormat::webp : OutputFormat::mp4;
    o.output = recording_path(settings, to_string(now));
    if (settings.use_mic) o.mic = mic_source(settings.mic);
    if (settings.system_audio) o.system_audio = system_audio_source(settings.system_audio_source);
    return o;
}

}  // namespace clipnote::gui
