// config.toml edited as text, table by table (app/gui/config_file.h): what looks like a table
// header inside a multi-line string is text, so saving the app's settings never cuts a string.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/gui/app_settings.h"
#include "app/gui/config_file.h"
#include "upload/config.h"

using namespace clipnote;
using namespace clipnote::gui;
namespace fs = std::filesystem;

namespace {

struct ScratchFile {
    fs::path dir = fs::temp_directory_path() / ("clipnote-config-file-" + std::to_string(::getpid()));
    fs::path path = dir / "config.toml";
    explicit ScratchFile(const std::string& text) {
        fs::create_directories(dir);
        std::ofstream(path, std::ios::binary) << text;
    }
    ~ScratchFile() { fs::remove_all(dir); }
    std::string text() const {
        std::ifstream in(path, std::ios::binary);
        std::ostringstream s;
        s << in.rdbuf();
        return s.str();
    }
};

}  // namespace

TEST_CASE("a [table] line inside a multi-line string is text: saving app settings keeps the string whole") {
    // Found by fuzz_settings_writer: the [app] line inside the message was taken for the [app]
    // table and removed, leaving an unterminated string, so every save failed.
    const std::string discord =
        "[destination.chat]\n"
        "kind = \"discord\"\n"
        "url_env = \"HOOK\"\n"
        "message = \"\"\"\n"
        "New clip!\n"
        "[app]\n"
        "\"\"\"\n"
        "username = '''\n"
        "[capture]'''\n";
    ScratchFile file(discord + "\n[app]\ncountdown = 5\n");
    AppSettings s = load_app_settings(file.path);
    CHECK(s.countdown_seconds == 5);
    CHECK(ConfigFile(file.path).destination_names() == std::vector<std::string>{"chat"});
    CHECK(ConfigFile(file.path).table("app") == "[app]\ncountdown = 5\n");
    s.countdown_seconds = 7;
    save_app_settings(s);
    CHECK(file.text().starts_with(discord));
    CHECK(load_app_settings(file.path) == s);
    const upload::Config config = upload::load_config(file.path);
    CHECK(std::get<upload::DiscordSettings>(config.destinations.at(0).settings).message == "New clip!\n[app]\n");
}

TEST_CASE("strings on one line, quotes and comments do not open a multi-line string") {
    ScratchFile file(
        "[destination.a]\n"
        "kind = \"local\"\n"
        "folder = \"/x/\\\"\\\"\\\"\"  # \"\"\" in a comment\n"
        "public_base_url = 'https://x/'  # ''' too\n"
        "[app]\n"
        "countdown = 2\n");
    CHECK(ConfigFile(file.path).table("app") == "[app]\ncountdown = 2\n");
    CHECK(upload::load_config(file.path).destinations.size() == 1);
}

TEST_CASE("quoted table names are the same tables: ['app'] and [ \"destination\" . 'my dest' ]") {
    // Found by fuzz_settings_writer: ['app'] was not taken for [app], so a second [app] was
    // appended and the file no longer parsed ("cannot redefine existing table 'app'").
    ScratchFile file("[ \"destination\" . 'my dest' ]\nkind = \"local\"\n\n['app']\nreview = false\n");
    CHECK(ConfigFile(file.path).destination_names() == std::vector<std::string>{"my dest"});
    AppSettings s = load_app_settings(file.path);
    CHECK_FALSE(s.review);
    s.review = true;
    save_app_settings(s);
    CHECK(file.text().starts_with("[ \"destination\" . 'my dest' ]\nkind = \"local\"\n\n[capture]\n"));
    CHECK(load_app_settings(file.path) == s);
    CHECK(upload::load_config(file.path).destinations.at(0).name == "my dest");
}

TEST_CASE("a file that begins with a UTF-8 byte order mark: its first table is found, the mark kept") {
    // Some Windows editors write one; TOML allows it. Missed, the [capture] on the first line was
    // not found, a second one appended, and the file refused as not plain tables.
    ScratchFile file("\xEF\xBB\xBF[capture]\nfps = 24\n\n[destination.a]\nkind = \"local\"\n");
    AppSettings s = load_app_settings(file.path);
    CHECK(s.fps == 24);
    s.fps = 12;
    save_app_settings(s);
    CHECK(file.text().starts_with("\xEF\xBB\xBF[capture]\n"));
    CHECK(file.text().find("[capture]", 4) == std::string::npos);  // one [capture]
    CHECK(load_app_settings(file.path).fps == 12);
    CHECK(ConfigFile(file.path).destination_names() == std::vector<std::string>{"a"});
}

TEST_CASE("settings text with line breaks, quotes and ''' is written so that it reads back the same") {
    // Found by fuzz_settings_writer: toml++ wrote "\nx" as """<line break>x""", and TOML drops the
    // line break right after """, so the value read back lost it.
    ScratchFile file("");
    AppSettings s = load_app_settings(file.path);
    s.record_hotkey = "\nctrl+alt+r";
    s.reaction_hotkey = "a\n'''\nb";
    s.window = "it's \"quoted\"\t\\ \x01 \x7f caf\xc3\xa9";
    s.destination = "line\r\nbreak";
    save_app_settings(s);
    CHECK(load_app_settings(file.path) == s);
    CHECK(file.text().find("record = \"\\nctrl+alt+r\"\n") != std::string::npos);
}

TEST_CASE("a [table] line inside an array that spans lines is a value, not a table") {
    ScratchFile file("[destination.a]\nkind = \"local\"\n\n[capture]\nnotes = [\n  \"x\",\n[\"destination.b\"]\n]\n");
    CHECK(ConfigFile(file.path).destination_names() == std::vector<std::string>{"a"});
    AppSettings s = load_app_settings(file.path);
    s.fps = 15;
    save_app_settings(s);
    CHECK(load_app_settings(file.path) == s);
    CHECK(file.text().starts_with("[destination.a]\nkind = \"local\"\n\n[capture]\n"));
}
