// The app's settings in config.toml: saved as text, table by table, so destinations and comments
// the user wrote stay byte-for-byte, and read back to the same values.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/gui/app_settings.h"
#include "app/gui/autostart.h"
#include "app/gui/config_file.h"
#include "common/error.h"
#include "upload/config.h"

using namespace clipnote;
using namespace clipnote::gui;
namespace fs = std::filesystem;

namespace {

struct ScratchDir {
    fs::path path = fs::temp_directory_path() / ("clipnote-settings-" + std::to_string(::getpid()) + "-" +
                                                 std::to_string(std::rand()));
    ScratchDir() { fs::create_directories(path); }
    ~ScratchDir() { fs::remove_all(path); }
};

std::string read_text(const fs::path& p) {
    std::ifstream in(p);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

const char* const kUserText =
    "# my clipnote config\n"
    "default = \"team\"\n"
    "\n"
    "[destination.team]   # the shared bucket\n"
    "kind = \"local\"\n"
    "folder = \"/tmp/team-clips\"  # keep this comment\n"
    "\n"
    "[capture]\n"
    "camera = \"lavfi:testsrc2\"\n"
    "\n"
    "[destination.nas]\n"
    "kind = \"local\"\n"
    "folder = \"/tmp/nas\"\n";

}  // namespace

TEST_CASE("saving app settings rewrites only [capture], [hotkeys] and [app]") {
    ScratchDir dir;
    const fs::path file = dir.path / "config.toml";
    std::ofstream(file) << kUserText;

    AppSettings s = load_app_settings(file);
    CHECK(s.camera == "lavfi:testsrc2");
    s.record_hotkey = "super+shift+F9";
    s.countdown_seconds = 5;
    s.area = CaptureArea::region;
    s.region = "640x360+10+20";
    s.monitor = "HDMI-1";
    s.start_at_login = true;
    s.close_to_tray = true;
    s.indicator_in_recordings = true;
    s.quality = Quality::sharper;
    s.share_as = ShareFormat::webp;
    s.gif_dither = true;
    save_app_settings(s);

    const std::string text = read_text(file);
    // The user's destinations, comments and the top-level key are untouched.
    CHECK(text.rfind("# my clipnote config\ndefault = \"team\"\n\n[destination.team]   # the shared bucket\n"
                     "kind = \"local\"\nfolder = \"/tmp/team-clips\"  # keep this comment\n\n",
                     0) == 0);
    CHECK(text.find("[destination.nas]\nkind = \"local\"\nfolder = \"/tmp/nas\"\n") != std::string::npos);
    // Read back: the same settings, and the destinations still parse.
    const AppSettings back = load_app_settings(file);
    CHECK(back == s);
    const upload::Config config = upload::load_config(file);
    CHECK(config.destinations.size() == 2);
    CHECK(config.default_name == "team");
    CHECK((fs::status(file).permissions() & fs::perms::others_read) == fs::perms::none);
}

TEST_CASE("a destination edit that clipnote could not read back is refused and the file stays") {
    ScratchDir dir;
    const fs::path file = dir.path / "config.toml";
    std::ofstream(file) << kUserText;
    ConfigFile config(file);
    CHECK(config.destination_names() == std::vector<std::string>{"team", "nas"});
    CHECK(config.table("destination.nas") == "[destination.nas]\nkind = \"local\"\nfolder = \"/tmp/nas\"\n");

    config.set_table("destination.nas", "[destination.nas]\nkind = \"webdav\"\n");  // no url
    CHECK_THROWS_WITH_AS(config.save(), doctest::Contains("url"), Error);
    CHECK(read_text(file) == kUserText);

    // A valid edit replaces just that table; removing one leaves the others.
    ConfigFile edit(file);
    edit.set_table("destination.nas", "[destination.nas]\nkind = \"local\"\nfolder = \"/srv/nas\"\n");
    edit.save();
    CHECK(upload::load_config(file).find("nas").kind == "local");
    CHECK(read_text(file).find("folder = \"/srv/nas\"") != std::string::npos);
    ConfigFile remove(file);
    remove.set_table("destination.nas", "");
    remove.save();
    CHECK(ConfigFile(file).destination_names() == std::vector<std::string>{"team"});
    CHECK(read_text(file).find("[capture]\ncamera = \"lavfi:testsrc2\"") != std::string::npos);
}

TEST_CASE("malformed app settings name the file and the field") {
    ScratchDir dir;
    const fs::path file = dir.path / "config.toml";
    std::ofstream(file) << "[capture]\nquality = \"ultra\"\n";
    CHECK_THROWS_WITH_AS(load_app_settings(file), doctest::Contains("[capture] field \"quality\" must be one of"), Error);
    std::ofstream(file, std::ios::trunc) << "[app]\ncountdown = \"three\"\n";
    CHECK_THROWS_WITH_AS(load_app_settings(file), doctest::Contains("\"countdown\" has the wrong type"), Error);
    // No file at all: defaults, first run works with zero configuration.
    const AppSettings none = load_app_settings(dir.path / "missing.toml");
    CHECK(none.record_hotkey == "ctrl+alt+r");
    CHECK(none.reaction_hotkey == "ctrl+alt+g");
}

TEST_CASE("a file that defines [capture], [hotkeys] or [app] other than as a plain table is refused when read, "
          "not broken when saved") {
    // The app saves these three as [NAME] tables: over an array of tables, an inline table or
    // dotted keys that would be a second definition, and the saved file would no longer parse.
    ScratchDir dir;
    const fs::path file = dir.path / "config.toml";
    for (const std::string text : {"[[capture]]\nfps = 10\n", "capture = { fps = 10 }\n", "capture.fps = 10\n",
                             "hotkeys = \"ctrl+alt+r\"\n", "app.countdown = 2\n[app.extra]\nx = 1\n"}) {
        CAPTURE(text);
        std::ofstream(file, std::ios::trunc) << text;
        CHECK_THROWS_WITH_AS(load_app_settings(file), doctest::Contains("as plain tables"), Error);
    }
    // A sub-table alone leaves room for the app's own [capture]: read and saved as before.
    std::ofstream(file, std::ios::trunc) << "[capture.extra]\nx = 1\n";
    AppSettings s = load_app_settings(file);
    s.fps = 12;
    save_app_settings(s);
    CHECK(load_app_settings(file).fps == 12);
    CHECK(read_text(file).find("[capture.extra]\nx = 1\n") != std::string::npos);
}

TEST_CASE("how video updates are shared: share_as mp4, gif or webp; an earlier version's gif = true reads as gif") {
    ScratchDir dir;
    const fs::path file = dir.path / "config.toml";
    CHECK(load_app_settings(dir.path / "missing.toml").share_as == ShareFormat::mp4);
    std::ofstream(file, std::ios::trunc) << "[capture]\ngif = true\n";
    AppSettings s = load_app_settings(file);
    CHECK(s.share_as == ShareFormat::gif);
    s.share_as = ShareFormat::webp;
    save_app_settings(s);
    CHECK(read_text(file).find("share_as = 'webp'") != std::string::npos);
    CHECK(read_text(file).find("gif = ") == std::string::npos);  // said one way only
    CHECK(load_app_settings(file).share_as == ShareFormat::webp);
    std::ofstream(file, std::ios::trunc) << "[capture]\ngif = true\nshare_as = \"mp4\"\n";
    CHECK(load_app_settings(file).share_as == ShareFormat::mp4);
    std::ofstream(file, std::ios::trunc) << "[capture]\nshare_as = \"avi\"\n";
    CHECK_THROWS_WITH_AS(load_app_settings(file), doctest::Contains("[capture] field \"share_as\" must be one of mp4, gif, webp"),
                         Error);
}

TEST_CASE("a CRLF config and the comments above the next table survive a settings save") {
    ScratchDir dir;
    const fs::path file = dir.path / "config.toml";
    const std::string user = "[capture]\r\ncamera = \"lavfi:testsrc2\"\r\n\r\n# the NAS at home\r\n"
                             "[destination.nas]\r\nkind = \"local\"\r\nfolder = \"/tmp/nas\"\r\n";
    std::ofstream(file, std::ios::binary) << user;
    AppSettings s = load_app_settings(file);
    s.countdown_seconds = 2;
    save_app_settings(s);
    const std::string text = read_text(file);
    INFO(text);
    // One [capture] (replaced, not appended a second time), and the NAS block as it was.
    CHECK(text.find("[capture]") == text.rfind("[capture]"));
    CHECK(text.find("\r\n# the NAS at home\r\n[destination.nas]\r\nkind = \"local\"\r\nfolder = \"/tmp/nas\"\r\n") !=
          std::string::npos);
    CHECK(load_app_settings(file).countdown_seconds == 2);
    CHECK(load_app_settings(file).camera == "lavfi:testsrc2");
}

TEST_CASE("Start at login writes an XDG autostart entry that starts the launcher, and removes it") {
    ScratchDir dir;
    const char* old = std::getenv("XDG_CONFIG_HOME");
    const std::string saved = old ? old : "";
    ::setenv("XDG_CONFIG_HOME", (dir.path / "config").c_str(), 1);
    const fs::path entry = dir.path / "config/autostart/clipnote.desktop";
    CHECK(autostart_entry_path() == entry);

    apply_start_at_login(true, "/opt/clip note/bin/clipnote");
    const std::string text = read_text(entry);
    CHECK(text.rfind("[Desktop Entry]\nType=Application\n", 0) == 0);
    CHECK(text.find("\nExec=\"/opt/clip note/bin/clipnote\"\n") != std::string::npos);  // quoted: a space
    apply_start_at_login(true, "/usr/bin/clipnote");
    CHECK(read_text(entry).find("\nExec=/usr/bin/clipnote\n") != std::string::npos);
    apply_start_at_login(false, "/usr/bin/clipnote");
    CHECK_FALSE(fs::exists(entry));
    apply_start_at_login(false, "/usr/bin/clipnote");  // already off: nothing to do, no error

    if (old) ::setenv("XDG_CONFIG_HOME", saved.c_str(), 1);
    else ::unsetenv("XDG_CONFIG_HOME");
}

TEST_CASE("the GIF size limit: Slack's 2 MB by default, a custom size kept, a wrong one named") {
    ScratchDir dir;
    const fs::path file = dir.path / "config.toml";
    CHECK(load_app_settings(dir.path / "missing.toml").gif_max_size == "2MB");
    AppSettings s;
    s.config_path = file;
    s.gif_max_size = "5MB";
    save_app_settings(s);
    CHECK(load_app_settings(file).gif_max_size == "5MB");
    s.gif_max_size = "";  // no limit
    save_app_settings(s);
    CHECK(load_app_settings(file).gif_max_size.empty());
    std::ofstream(file, std::ios::trunc) << "[capture]\ngif_max_size = \"huge\"\n";
    CHECK_THROWS_WITH_AS(load_app_settings(file), doctest::Contains("[capture] field \"gif_max_size\""), Error);
}
