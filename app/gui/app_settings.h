#pragma once
// The app's own part of config.toml: capture defaults ([capture]), hotkeys ([hotkeys]) and the
// app's choices ([app]). Destinations in the same file are read by upload/config.h and never
// touched when these are saved.
#include <filesystem>
#include <string>

#include "app/gui/share_choice.h"

namespace clipnote::gui {

enum class CaptureArea { screen, region, camera };  // region also holds a window's bounds
enum class Quality { smaller, balanced, sharper };

struct AppSettings {
    // Capture defaults, FORMAT:URL like the CLI ("" = the CLI's default for that source).
    std::string screen, camera, mic, system_audio_source;
    CaptureArea area = CaptureArea::screen;
    std::string region;  // "WxH+X+Y" when area is region
    std::string monitor; // full screen on X11 with several monitors: a name; "" = the pointer's
    bool use_mic = true;
    bool system_audio = false;
    bool bubble = false;
    bool click_highlight = false;  // a ring where the mouse is clicked (X11 screens)
    ShareFormat share_as = ShareFormat::mp4;  // video updates: MP4, GIF or animated WebP
    Quality quality = Quality::balanced;
    int fps = 30;
    int gif_width = 480;
    std::string gif_max_size = "2MB";  // GIFs fit this ("" = no limit); Slack shows up to ~2 MB inline
    bool gif_dither = false;  // an ordered dither that stays put: smoother gradients, larger GIFs
    // Hotkeys as chords, e.g. "ctrl+alt+r".
    std::string record_hotkey = "ctrl+alt+r";
    std::string reaction_hotkey = "ctrl+alt+g";
    double reaction_seconds = 3.0;
    int countdown_seconds = 3;
    bool live_preview = true;   // camera picture and level meters on the Record screen
    bool review = true;         // after a video update, review before sharing
    bool indicator_in_recordings = false;  // leave the indicator where a recording shows it
    bool start_at_login = false;           // an XDG autostart entry (autostart.h)
    bool close_to_tray = false;            // closing the window hides it while a tray shows the icon
    std::string destination;    // "" = the config's default
    std::string recordings_dir; // "" = $XDG_VIDEOS_DIR/clipnote
    std::string window;         // "WxH+X+Y" of the main window when it was last closed
    std::filesystem::path config_path;

    bool operator==(const AppSettings&) const = default;
};

const char* to_string(CaptureArea a);
const char* to_string(Quality q);
int crf_for(Quality q);

// Reads [capture], [hotkeys] and [app] from the config file when it exists; defaults otherwise.
// Throws Error naming the file and the field for a malformed value.
AppSettings load_app_settings(const std::filesystem::path& config_path);

// The [capture], [hotkeys] and [app] tables as TOML text.
std::string app_settings_toml(const AppSettings& s);
// Writes those tables into s.config_path, leaving the rest of the file as it is. Throws Error.
void save_app_settings(const AppSettings& s);

}  // namespace clipnote::gui
