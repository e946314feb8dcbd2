#pragma once
// The app's own part of config.toml: capture defaults ([capture]) and hotkeys ([hotkeys]).
// Destinations in the same file are read by upload/config.h.
#include <filesystem>
#include <string>

namespace clipnote::gui {

struct AppSettings {
    // Capture defaults, FORMAT:URL like the CLI ("" = the CLI's default for that source).
    std::string screen, camera, mic, system_audio_source;
    bool use_mic = true;
    bool system_audio = false;
    bool bubble = false;
    bool gif = false;  // video updates as GIF instead of MP4
    // Hotkeys as chords, e.g. "ctrl+alt+r".
    std::string record_hotkey = "ctrl+alt+r";
    std::string reaction_hotkey = "ctrl+alt+g";
    double reaction_seconds = 3.0;
    int countdown_seconds = 3;
    std::string destination;  // "" = the config's default
    std::filesystem::path config_path;
};

// Reads [capture], [hotkeys] and [app] from the config file when it exists; defaults otherwise.
// Throws Error naming the file and the field for a malformed value.
AppSettings load_app_settings(const std::filesystem::path& config_path);

}  // namespace clipnote::gui
