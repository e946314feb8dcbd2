#include "app/gui/app_settings.h"

#include <iomanip>
#include <sstream>
#include <toml++/toml.h>

#include "app/gui/config_file.h"
#include "common/error.h"
#include "common/size_text.h"

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

void read_int(const toml::table& t, const char* table, const char* key, int& out, const std::string& file) {
    int64_t v = out;
    read(t, table, key, v, file);
    out = int(v);
}

template <typename E, size_t N>
void read_choice(const toml::table& t, const char* table, const char* key, E& out, const E (&choices)[N],
                 const std::string& file) {
    std::string text;
    read(t, table, key, text, file);
    if (text.empty()) return;
    std::string allowed;
    for (E c : choices) {
        if (text == to_string(c)) {
            out = c;
            return;
        }
        allowed += std::string(allowed.empty() ? "" : ", ") + to_string(c);
    }
    throw Error(file + ": [" + table + "] field \"" + key + "\" must be one of " + allowed);
}

std::string quoted(const std::string& s) {
    // toml++ 3.3 writes text with a line break as """…""" or '''…''', and TOML drops a line break
    // right after the opening quotes (a ''' inside also ends the literal form early): such text
    // goes as one "…" with escapes. Everything else as toml++ writes it ('…' where it can).
    auto flags = toml::toml_formatter::default_flags;
    if (s.find('\n') != std::string::npos)
        flags &= ~(toml::format_flags::allow_multi_line_strings | toml::format_flags::allow_literal_strings);
    std::ostringstream out;
    out << toml::toml_formatter{toml::value<std::string>(s), flags};
    return out.str();
}

// config.toml as it reads after a save: the three tables, as one text, in place of [capture].
ConfigFile with_app_settings(const AppSettings& s) {
    ConfigFile file(s.config_path);
    file.set_table("hotkeys", "");
    file.set_table("app", "");
    file.set_table("capture", app_settings_toml(s));
    return file;
}

}  // namespace

const char* to_string(CaptureArea a) {
    switch (a) {
        case CaptureArea::screen: return "screen";
        case CaptureArea::region: return "region";
        case CaptureArea::camera: return "camera";
    }
    return "screen";
}

const char* to_string(Quality q) {
    switch (q) {
        case Quality::smaller: return "smaller";
        case Quality::balanced: return "balanced";
        case Quality::sharper: return "sharper";
    }
    return "balanced";
}

int crf_for(Quality q) {
    switch (q) {
        case Quality::smaller: return 28;
        case Quality::balanced: return 23;
        case Quality::sharper: return 18;
    }
    return 23;
}

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
        read_choice(*c, "capture", "area", s.area, {CaptureArea::screen, CaptureArea::region, CaptureArea::camera},
                    file);
        read(*c, "capture", "region", s.region, file);
        read(*c, "capture", "monitor", s.monitor, file);
        read(*c, "capture", "use_mic", s.use_mic, file);
        read(*c, "capture", "bubble", s.bubble, file);
        read(*c, "capture", "click_highlight", s.click_highlight, file);
        // `gif = true` is how earlier versions said it; share_as wins where both are written.
        bool gif = false;
        read(*c, "capture", "gif", gif, file);
        if (gif) s.share_as = ShareFormat::gif;
        read_choice(*c, "capture", "share_as", s.share_as, {ShareFormat::mp4, ShareFormat::gif, ShareFormat::webp}, file);
        read_choice(*c, "capture", "quality", s.quality, {Quality::smaller, Quality::balanced, Quality::sharper}, file);
        read_int(*c, "capture", "fps", s.fps, file);
        read_int(*c, "capture", "gif_width", s.gif_width, file);
        read(*c, "capture", "gif_max_size", s.gif_max_size, file);
        read(*c, "capture", "gif_dither", s.gif_dither, file);
        if (!s.gif_max_size.empty()) {
            try {
                parse_size(s.gif_max_size);
            } catch (const Error& e) {
                throw Error(file + ": [capture] field \"gif_max_size\": " + e.what());
            }
        }
        if (s.fps < 1 || s.fps > 60) throw Error(file + ": [capture] field \"fps\" must be 1..60");
        if (s.gif_width < 64 || s.gif_width > 4096) throw Error(file + ": [capture] field \"gif_width\" must be 64..4096");
    }
    if (const toml::table* h = root["hotkeys"].as_table()) {
        read(*h, "hotkeys", "record", s.record_hotkey, file);
        read(*h, "hotkeys", "reaction", s.reaction_hotkey, file);
    }
    if (const toml::table* a = root["app"].as_table()) {
        read(*a, "app", "reaction_seconds", s.reaction_seconds, file);
        read_int(*a, "app", "countdown", s.countdown_seconds, file);
        read(*a, "app", "destination", s.destination, file);
        read(*a, "app", "live_preview", s.live_preview, file);
        read(*a, "app", "review", s.review, file);
        read(*a, "app", "indicator_in_recordings", s.indicator_in_recordings, file);
        read(*a, "app", "start_at_login", s.start_at_login, file);
        read(*a, "app", "close_to_tray", s.close_to_tray, file);
        read(*a, "app", "recordings_dir", s.recordings_dir, file);
        read(*a, "app", "window", s.window, file);
        if (s.reaction_seconds < 1 || s.reaction_seconds > 30)
            throw Error(file + ": [app] field \"reaction_seconds\" must be 1..30 seconds");
        if (s.countdown_seconds < 0 || s.countdown_seconds > 10)
            throw Error(file + ": [app] field \"countdown\" must be 0..10 seconds");
    }
    // A file the app could not save into is refused now, not broken later: [[capture]],
    // capture = {…} or capture.fps = … would make the [capture] it writes a second definition.
    try {
        (void)toml::parse(with_app_settings(s).text(), file);
    } catch (const toml::parse_error& e) {
        throw Error(file + ": write [capture], [hotkeys] and [app] as plain tables, so the app can save its settings (" +
                    std::string(e.description()) + ")");
    }
    return s;
}

std::string app_settings_toml(const AppSettings& s) {
    std::ostringstream o;
    o << "[capture]\n";
    if (!s.screen.empty()) o << "screen = " << quoted(s.screen) << "\n";
    if (!s.camera.empty()) o << "camera = " << quoted(s.camera) << "\n";
    if (!s.mic.empty()) o << "mic = " << quoted(s.mic) << "\n";
    if (!s.system_audio_source.empty()) o << "system_audio_source = " << quoted(s.system_audio_source) << "\n";
    o << "area = " << quoted(to_string(s.area)) << "\n";
    if (!s.region.empty()) o << "region = " << quoted(s.region) << "\n";
    if (!s.monitor.empty()) o << "monitor = " << quoted(s.monitor) << "\n";
    o << "use_mic = " << (s.use_mic ? "true" : "false") << "\n";
    o << "system_audio = " << (s.system_audio ? "true" : "false") << "\n";
    o << "bubble = " << (s.bubble ? "true" : "false") << "\n";
    o << "click_highlight = " << (s.click_highlight ? "true" : "false") << "\n";
    o << "share_as = " << quoted(to_string(s.share_as)) << "\n";
    o << "quality = " << quoted(to_string(s.quality)) << "\n";
    o << "fps = " << s.fps << "\n";
    o << "gif_width = " << s.gif_width << "\n";
    o << "gif_max_size = " << quoted(s.gif_max_size) << "\n";
    o << "gif_dither = " << (s.gif_dither ? "true" : "false") << "\n\n";
    o << "[hotkeys]\n";
    o << "record = " << quoted(s.record_hotkey) << "\n";
    o << "reaction = " << quoted(s.reaction_hotkey) << "\n\n";
    o << "[app]\n";
    o << "countdown = " << s.countdown_seconds << "\n";
    o << "reaction_seconds = " << std::fixed << std::setprecision(2) << s.reaction_seconds << "\n";
    o << "live_preview = " << (s.live_preview ? "true" : "false") << "\n";
    o << "review = " << (s.review ? "true" : "false") << "\n";
    o << "indicator_in_recordings = " << (s.indicator_in_recordings ? "true" : "false") << "\n";
    o << "start_at_login = " << (s.start_at_login ? "true" : "false") << "\n";
    o << "close_to_tray = " << (s.close_to_tray ? "true" : "false") << "\n";
    if (!s.destination.empty()) o << "destination = " << quoted(s.destination) << "\n";
    if (!s.recordings_dir.empty()) o << "recordings_dir = " << quoted(s.recordings_dir) << "\n";
    if (!s.window.empty()) o << "window = " << quoted(s.window) << "\n";
    return o.str();
}

void save_app_settings(const AppSettings& s) { with_app_settings(s).save(); }

}  // namespace clipnote::gui
