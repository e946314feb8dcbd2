#include "app/gui/recording_options.h"

#include <X11/Xlib.h>

#include <cstdlib>
#include <filesystem>

#include "capture/screen_backend.h"
#include "capture/x11_display.h"
#include "capture/x11_display_loss.h"
#include "common/error.h"
#include "encode/output_paths.h"

namespace clipnote::gui {

namespace fs = std::filesystem;

namespace {

// The rectangle of `w` x `h` around the pointer, kept on the screen.
Region around_pointer(const std::string& display, int w, int h) {
    Display* d = open_display_surviving_loss(display.c_str());
    if (!d) throw Error("cannot open X display '" + display + "'");
    Window root, child;
    int x = 0, y = 0, wx, wy;
    unsigned int mask;
    XQueryPointer(d, DefaultRootWindow(d), &root, &child, &x, &y, &wx, &wy, &mask);
    XCloseDisplay(d);
    return clip_to_screen({w, h, x - w / 2, y - h / 2}, screen_bounds(display));
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
            o.screen = settings.screen.empty() ? default_screen_source(fps) : parse_source(settings.screen, "x11grab");
            break;
    }
    if (settings.bubble && have_camera && settings.area != CaptureArea::camera)
        o.camera = camera_source(settings.camera, fps);
    // Video updates are recorded as MP4 and turned into a GIF on Share when asked, so the review
    // can still trim them; without a review the format applies at once.
    const bool gif_now = settings.gif && !settings.review;
    o.format = gif_now ? OutputFormat::gif : OutputFormat::mp4;
    o.output = recording_path(settings, gif_now ? "gif" : "mp4");
    if (settings.use_mic) o.mic = mic_source(settings.mic);
    if (settings.system_audio) o.system_audio = system_audio_source(settings.system_audio_source);
    return o;
}

}  // namespace clipnote::gui
