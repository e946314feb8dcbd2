// `clipnote hotkeys [--add-to-gnome]`: how to bind clipnote's keys on this desktop where the app
// cannot grab them itself (Wayland without a GlobalShortcuts portal: GNOME before 48, sway), and
// on GNOME, adding them to its custom shortcuts for the user.
#include <iostream>
#include <memory>

#include "app/cli/commands.h"
#include "app/gui/app_settings.h"
#include "app/gui/hotkeys/desktop_shortcuts.h"
#include "app/remote/remote_client.h"
#include "upload/config.h"

namespace clipnote::cli {

namespace {

struct HotkeysArgs {
    std::string config;
    bool add_to_gnome = false;
};

}  // namespace

Command add_hotkeys_command(CLI::App& app) {
    auto args = std::make_shared<HotkeysArgs>();
    CLI::App* cmd = app.add_subcommand("hotkeys", "Show how to bind clipnote's keys on this desktop, or add them to GNOME's shortcuts");
    cmd->add_option("--config", args->config, "Config file with the [hotkeys] table (default: $XDG_CONFIG_HOME/clipnote/config.toml)");
    cmd->add_flag("--add-to-gnome", args->add_to_gnome,
                  "Add (or update) the record and reaction keys in GNOME's custom keyboard shortcuts");
    return [args] {
        const auto config = args->config.empty() ? upload::default_config_path() : std::filesystem::path(args->config);
        const gui::AppSettings settings = gui::load_app_settings(config);
        const auto bindings =
            gui::app_manual_bindings(remote::launcher_command(), settings.record_hotkey, settings.reaction_hotkey);
        if (args->add_to_gnome) {
            gui::install_gnome_custom_shortcuts(bindings);
            std::cout << "added to GNOME's custom shortcuts (Settings > Keyboard shows them):\n";
            for (const auto& b : bindings) std::cout << "  " << gui::gtk_accelerator(b.chord) << "  " << b.command << "\n";
            return 0;
        }
        std::cout << "The app binds its keys itself under X11, and through the desktop's GlobalShortcuts portal\n"
                     "where there is one (KDE Plasma, GNOME 48+, Hyprland). Elsewhere, bind them yourself.\n"
                  << gui::manual_binding_steps(gui::current_desktop(), bindings) << "\n";
        if (gui::current_desktop() == gui::DesktopKind::gnome && gui::gnome_custom_shortcuts_supported())
            std::cout << "Or let clipnote add them: clipnote hotkeys --add-to-gnome\n";
        return 0;
    };
}

}  // namespace clipnote::cli
