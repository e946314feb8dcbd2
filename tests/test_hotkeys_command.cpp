// `clipnote hotkeys [--add-to-gnome]` against GNOME's real settings schemas and GSettings (the
// keyfile backend in a private config folder, read back with the `gsettings` tool).
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>

#include "recording_fixture.h"

using namespace clipnote::test;

namespace {

constexpr const char* kMediaKeys = "org.gnome.settings-daemon.plugins.media-keys";
constexpr const char* kCustom = "org.gnome.settings-daemon.plugins.media-keys.custom-keybinding";
constexpr const char* kRoot = "/org/gnome/settings-daemon/plugins/media-keys/custom-keybindings/";

std::string gsettings(const EnvVars& env, const std::vector<std::string>& args) {
    std::vector<std::string> argv{"gsettings"};
    argv.insert(argv.end(), args.begin(), args.end());
    const RunResult r = run_command(argv, env);
    REQUIRE_MESSAGE(r.exit_code == 0, "gsettings: " << r.err);
    std::string out = r.out;
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

std::string entry(const std::string& id) { return std::string(kCustom) + ":" + kRoot + id + "/"; }

}  // namespace

TEST_CASE("hotkeys: --add-to-gnome writes GNOME custom shortcuts once, keeps the user's own, uses the configured keys") {
    TempDir home("clipnote-gnome-keys-");
    std::ofstream(home.file("config.toml")) << "[hotkeys]\nrecord = \"ctrl+shift+F8\"\nreaction = \"super+g\"\n";
    const EnvVars env{{"GSETTINGS_BACKEND", "keyfile"}, {"XDG_CONFIG_HOME", home.file("xdg")}, {"XDG_CURRENT_DESKTOP", "ubuntu:GNOME"}};
    // A shortcut of the user's own is there first.
    gsettings(env, {"set", kMediaKeys, "custom-keybindings", std::string("['") + kRoot + "custom0/']"});
    gsettings(env, {"set", entry("custom0"), "command", "firefox"});

    const RunResult steps = run_clipnote({"hotkeys", "--config", home.file("config.toml")}, env);
    require_success(steps);
    CHECK(steps.out.find("Custom Shortcuts") != std::string::npos);
    CHECK(steps.out.find(clipnote_binary() + " toggle`, shortcut Ctrl+Shift+F8") != std::string::npos);
    CHECK(steps.out.find("clipnote hotkeys --add-to-gnome") != std::string::npos);

    for (int run = 0; run < 2; ++run)  // twice: the second updates, never duplicates
        require_success(run_clipnote({"hotkeys", "--add-to-gnome", "--config", home.file("config.toml")}, env));

    CHECK(gsettings(env, {"get", kMediaKeys, "custom-keybindings"}) ==
          std::string("['") + kRoot + "custom0/', '" + kRoot + "clipnote-record/', '" + kRoot + "clipnote-reaction/']");
    CHECK(gsettings(env, {"get", entry("custom0"), "command"}) == "'firefox'");
    CHECK(gsettings(env, {"get", entry("clipnote-record"), "command"}) == "'" + clipnote_binary() + " toggle'");
    CHECK(gsettings(env, {"get", entry("clipnote-record"), "binding"}) == "'<Control><Shift>F8'");
    CHECK(gsettings(env, {"get", entry("clipnote-reaction"), "command"}) == "'" + clipnote_binary() + " react'");
    CHECK(gsettings(env, {"get", entry("clipnote-reaction"), "binding"}) == "'<Super>g'");

    // The command it wrote really reaches a running app's socket (none runs here: a clear line).
    const RunResult toggle = run_command({clipnote_binary(), "toggle"}, {{"XDG_RUNTIME_DIR", home.path()}});
    CHECK(toggle.exit_code == 1);
    CHECK(toggle.err.find("no clipnote app is running") != std::string::npos);
}

TEST_CASE("hotkeys: sway gets bindsym lines; without GNOME's schemas --add-to-gnome fails in one line") {
    TempDir home("clipnote-sway-keys-");
    const RunResult sway = run_clipnote({"hotkeys", "--config", home.file("none.toml")}, {{"XDG_CURRENT_DESKTOP", "sway"}});
    require_success(sway);
    CHECK(sway.out.find("bindsym Ctrl+Alt+r exec " + clipnote_binary() + " toggle") != std::string::npos);
    CHECK(sway.out.find("bindsym Ctrl+Alt+g exec " + clipnote_binary() + " react") != std::string::npos);
    CHECK(sway.out.find("--add-to-gnome") == std::string::npos);

    const RunResult no_schema = run_clipnote({"hotkeys", "--add-to-gnome", "--config", home.file("none.toml")},
                                             {{"XDG_DATA_DIRS", home.file("empty")}, {"GSETTINGS_BACKEND", "keyfile"},
                                              {"XDG_CONFIG_HOME", home.file("xdg")}});
    CHECK(no_schema.exit_code == 1);
    CHECK(no_schema.err.find("GNOME's custom shortcut settings are not installed here") != std::string::npos);
    CHECK(std::count(no_schema.err.begin(), no_schema.err.end(), '\n') == 1);
}
