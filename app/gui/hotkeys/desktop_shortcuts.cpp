#include "app/gui/hotkeys/desktop_shortcuts.h"

#include <gio/gio.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <sstream>

#include "app/gui/hotkeys/chord.h"
#include "common/error.h"

namespace clipnote::gui {

namespace {

constexpr const char* kMediaKeys = "org.gnome.settings-daemon.plugins.media-keys";
constexpr const char* kCustomKeybinding = "org.gnome.settings-daemon.plugins.media-keys.custom-keybinding";
constexpr const char* kCustomRoot = "/org/gnome/settings-daemon/plugins/media-keys/custom-keybindings/";

struct GObjectUnref {
    void operator()(gpointer p) const { g_object_unref(p); }
};
using SettingsPtr = std::unique_ptr<GSettings, GObjectUnref>;

// The modifiers and the key of a chord, validated by parse_chord.
struct ChordParts {
    unsigned int modifiers;
    std::string key;
};

ChordParts parts_of(const std::string& chord) {
    const Chord parsed = parse_chord(chord);
    const size_t plus = chord.rfind('+');
    return {parsed.modifiers, plus == std::string::npos ? chord : chord.substr(plus + 1)};
}

std::string joined(const std::vector<std::string>& words, const std::string& separator) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : separator) + w;
    return out;
}

std::vector<std::string> modifier_words(unsigned int m, const char* ctrl, const char* alt, const char* shift,
                                        const char* super) {
    std::vector<std::string> words;
    if (m & kChordCtrl) words.push_back(ctrl);
    if (m & kChordAlt) words.push_back(alt);
    if (m & kChordShift) words.push_back(shift);
    if (m & kChordSuper) words.push_back(super);
    return words;
}

// "ctrl+alt+r" as people read it in a settings dialog: "Ctrl+Alt+R".
std::string readable(const std::string& chord) {
    const ChordParts p = parts_of(chord);
    std::vector<std::string> words = modifier_words(p.modifiers, "Ctrl", "Alt", "Shift", "Super");
    std::string key = p.key;
    if (key.size() == 1) key[0] = char(std::toupper(static_cast<unsigned char>(key[0])));
    words.push_back(key);
    return joined(words, "+");
}

}  // namespace

std::vector<ManualBinding> app_manual_bindings(const std::string& launcher, const std::string& record_chord,
                                               const std::string& reaction_chord) {
    return {{"record", "clipnote: start / stop recording", launcher + " toggle", record_chord},
            {"reaction", "clipnote: reaction GIF", launcher + " react", reaction_chord}};
}

DesktopKind current_desktop() {
    const char* value = std::getenv("XDG_CURRENT_DESKTOP");
    std::stringstream in(value ? value : "");
    for (std::string name; std::getline(in, name, ':');) {
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return char(std::tolower(c)); });
        if (name == "gnome") return DesktopKind::gnome;
        if (name == "kde") return DesktopKind::kde;
        if (name == "sway") return DesktopKind::sway;
        if (name == "hyprland") return DesktopKind::hyprland;
    }
    return DesktopKind::other;
}

std::string gtk_accelerator(const std::string& chord) {
    const ChordParts p = parts_of(chord);
    return joined(modifier_words(p.modifiers, "<Control>", "<Alt>", "<Shift>", "<Super>"), "") + p.key;
}

std::string sway_keys(const std::string& chord) {
    const ChordParts p = parts_of(chord);
    std::vector<std::string> words = modifier_words(p.modifiers, "Ctrl", "Alt", "Shift", "Mod4");
    words.push_back(p.key);
    return joined(words, "+");
}

std::string hyprland_keys(const std::string& chord) {
    const ChordParts p = parts_of(chord);
    return joined(modifier_words(p.modifiers, "CTRL", "ALT", "SHIFT", "SUPER"), " ") + ", " + p.key;
}

std::string manual_binding_steps(DesktopKind desktop, const std::vector<ManualBinding>& bindings) {
    std::ostringstream out;
    switch (desktop) {
        case DesktopKind::gnome:
            out << "GNOME Settings > Keyboard > View and Customise Shortcuts > Custom Shortcuts > Add, once per line:\n";
            for (const auto& b : bindings) out << "  " << b.name << ": command `" << b.command << "`, shortcut " << readable(b.chord) << "\n";
            break;
        case DesktopKind::kde:
            out << "System Settings > Keyboard > Shortcuts > Add New > Command or Script, once per line:\n";
            for (const auto& b : bindings) out << "  `" << b.command << "` on " << readable(b.chord) << "\n";
            break;
        case DesktopKind::sway:
            out << "Add to ~/.config/sway/config, then run `swaymsg reload`:\n";
            for (const auto& b : bindings) out << "  bindsym " << sway_keys(b.chord) << " exec " << b.command << "\n";
            break;
        case DesktopKind::hyprland:
            out << "Add to ~/.config/hypr/hyprland.conf:\n";
            for (const auto& b : bindings) out << "  bind = " << hyprland_keys(b.chord) << ", exec, " << b.command << "\n";
            break;
        case DesktopKind::other:
            out << "In your desktop's keyboard settings, add custom shortcuts:\n";
            for (const auto& b : bindings) out << "  `" << b.command << "` on " << readable(b.chord) << "\n";
            break;
    }
    std::string text = out.str();
    if (!text.empty() && text.back() == '\n') text.pop_back();
    return text;
}

bool gnome_custom_shortcuts_supported() {
    GSettingsSchemaSource* source = g_settings_schema_source_get_default();  // not owned
    if (!source) return false;
    for (const char* id : {kMediaKeys, kCustomKeybinding}) {
        GSettingsSchema* schema = g_settings_schema_source_lookup(source, id, TRUE);
        if (!schema) return false;
        g_settings_schema_unref(schema);
    }
    return true;
}

std::string gnome_custom_shortcut_path(const std::string& id) { return std::string(kCustomRoot) + "clipnote-" + id + "/"; }

void install_gnome_custom_shortcuts(const std::vector<ManualBinding>& bindings) {
    if (!gnome_custom_shortcuts_supported())
        throw Error("GNOME's custom shortcut settings are not installed here (schema " + std::string(kMediaKeys) + ")");
    SettingsPtr media(g_settings_new(kMediaKeys));
    gchar** current = g_settings_get_strv(media.get(), "custom-keybindings");
    std::vector<std::string> paths;
    for (gchar** p = current; p && *p; ++p) paths.emplace_back(*p);
    g_strfreev(current);

    for (const auto& b : bindings) {
        const std::string path = gnome_custom_shortcut_path(b.id);
        SettingsPtr entry(g_settings_new_with_path(kCustomKeybinding, path.c_str()));
        const std::string accelerator = gtk_accelerator(b.chord);
        if (!g_settings_set_string(entry.get(), "name", b.name.c_str()) ||
            !g_settings_set_string(entry.get(), "command", b.command.c_str()) ||
            !g_settings_set_string(entry.get(), "binding", accelerator.c_str()))
            throw Error("GNOME's settings refused the shortcut " + b.name + " (are they read-only here?)");
        if (std::find(paths.begin(), paths.end(), path) == paths.end()) paths.push_back(path);
    }
    std::vector<const gchar*> list;
    for (const auto& p : paths) list.push_back(p.c_str());
    list.push_back(nullptr);
    if (!g_settings_set_strv(media.get(), "custom-keybindings", list.data()))
        throw Error("GNOME's settings refused the list of custom shortcuts (are they read-only here?)");
    g_settings_sync();  // written before we return (dconf writes asynchronously)
}

}  // namespace clipnote::gui
