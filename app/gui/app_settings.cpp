#include "app/gui/app_settings.h"

#include <fstream>
#include <sstream>
#include <toml++/toml.h>

#include "capture/error.h"

namespace clipnote::gui {

namespace {

template <typename T>
void read(const toml::table& t, const char* table, const char* key, T& out, const std::string& file) {
    const toml::node* n = t.get(key);
    if (!n) return;
    auto v = n->value<T>();
    if (!v) throw Error(file + ": [" + table + "] field \"" + key + "\" has the wrong type");
    out = *v;
}

}  // namespace

AppSettings load_app_settings(const std::filesystem::path& config_path) {
    AppSettings s;
    s.config_path = config_path;
    std::error_code ec;
    if (config_path.empty() || !std::filesystem::exists(config_path, ec)) return s;
    const std::string file = config_path.string();
    toml::table root;
    try {
        root = toml::parse_file(file);
    } catch (const toml::parse_error& e) {
        throw Error(file + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()));
    }
    if (const toml::table* c = root["capture"].as_table()) {
        read(*c, "capture", "screen", s.screen, file);
        read(*c, "capture", "camera", s.camera, file);
        read(*c, "capture", "mic", s.mic, file);
        read(*c, "capture", "system_audio_source", s.system_audio_source, file);
        // system_audio is a switch, or a source (which then also switches it on).
        if (const toml::node* n = c->get("system_audio")) {
            if (auto b = n->value<bool>()) s.system_audio = *b;
            else if (auto src = n->value<std::string>()) s.system_audio = true, s.system_audio_source = *src;
            else throw Error(file + ": [capture] field \"system_audio\" must be true/false or a source");
        }
        read(*c, "capture", "use_mic", s.use_mic, file);
        read(*c, "capture", "bubble", s.bubble, file);
        read(*c, "capture", "gif", s.gif, file);
    }
    if (const toml::table* h = root["hotkeys"].as_table()) {
        read(*h, "hotkeys", "record", s.record_hotkey, file);
        read(*h, "hotkeys", "reaction", s.reaction_hotkey, file);
    }
    if (const toml::table* a = root["app"].as_table()) {
        read(*a, "app", "reaction_seconds", s.reaction_seconds, file);
        int64_t countdown = s.countdown_seconds;
        read(*a, "app", "countdown", countdown, file);
        s.countdown_seconds = int(countdown);
        read(*a, "app", "destination", s.destination, file);
    }
    return s;
}

}  // namespace clipnote::gui
