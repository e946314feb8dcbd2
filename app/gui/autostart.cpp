#include "app/gui/autostart.h"

#include <fstream>

#include "common/error.h"
#include "upload/config.h"

namespace fs = std::filesystem;

namespace clipnote::gui {
namespace {

// The Desktop Entry spec's quoting for an Exec argument: a path with spaces or specials in quotes.
std::string exec_argument(const std::string& path) {
    if (path.find_first_of(" \t\"'\\$`<>~|&;*?#()") == std::string::npos) return path;
    std::string quoted = "\"";
    for (char c : path) {
        if (c == '"' || c == '`' || c == '$' || c == '\\') quoted += "\\\\";
        quoted += c;
    }
    return quoted + "\"";
}

}  // namespace

fs::path autostart_entry_path() {
    // The same $XDG_CONFIG_HOME (or ~/.config) that holds clipnote/config.toml.
    return upload::default_config_path().parent_path().parent_path() / "autostart" / "clipnote.desktop";
}

void apply_start_at_login(bool on, const std::string& command) {
    const fs::path entry = autostart_entry_path();
    std::error_code ec;
    if (!on) {
        fs::remove(entry, ec);
        if (ec) throw Error("cannot remove " + entry.string() + ": " + ec.message());
        return;
    }
    fs::create_directories(entry.parent_path(), ec);
    std::ofstream out(entry, std::ios::trunc);
    out << "[Desktop Entry]\nType=Application\nName=clipnote\n"
           "Comment=Record your screen, webcam and voice; paste a link\n"
        << "Exec=" << exec_argument(command) << "\nIcon=clipnote\nTerminal=false\n"
        << "X-GNOME-Autostart-enabled=true\n";
    out.close();
    if (!out) throw Error("cannot write " + entry.string());
}

}  // namespace clipnote::gui
