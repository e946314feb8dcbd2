// `clipnote destinations [list | test NAME | import FILE.sxcu]`: what the config offers, a real
// round trip to one, and adding a ShareX custom uploader.
#include <iostream>

#include "app/cli/commands.h"
#include "common/error.h"
#include "upload/config.h"
#include "upload/destination_factory.h"
#include "upload/probe.h"
#include "upload/sxcu/sxcu_import.h"
#include "upload/transport/url.h"

namespace clipnote::cli {

Command add_destinations_command(CLI::App& app) {
    struct Args {
        std::string config, name;
        bool test = false;
        std::string import_file, import_name;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("destinations", "List upload destinations or test one");
    cmd->add_option("--config", args->config, "Config file (default: $XDG_CONFIG_HOME/clipnote/config.toml)");
    cmd->require_subcommand(0, 1);
    auto* list = cmd->add_subcommand("list", "List the destinations (the default is marked *)");
    list->add_option("--config", args->config, "Config file");
    auto* test = cmd->add_subcommand("test", "Upload a small file, fetch it through its link, delete it");
    test->add_option("NAME", args->name, "Destination name")->required();
    test->add_option("--config", args->config, "Config file");
    test->callback([args] { args->test = true; });
    auto* import = cmd->add_subcommand("import", "Add a ShareX custom uploader (.sxcu) as a destination");
    import->add_option("FILE", args->import_file, "The .sxcu file (copied into the config folder)")->required();
    import->add_option("--name", args->import_name, "Destination name (default: from the file's Name)");
    import->add_option("--config", args->config, "Config file");
    return [args] {
        if (!args->import_file.empty()) {
            const std::filesystem::path config_path =
                args->config.empty() ? upload::default_config_path() : std::filesystem::absolute(args->config);
            const upload::SxcuImport r = upload::import_sxcu(args->import_file, config_path, args->import_name);
            std::cout << "imported \"" << r.name << "\" (" << r.copied_to.string() << ") into "
                      << r.config_path.string() << "\nuse it with: clipnote upload FILE --to " << r.name << "\n";
            return 0;
        }
        const upload::Config config = upload::load_config_or_default(args->config);
        if (!args->test) {
            std::cout << (config.path.empty() ? "(no config file; using the implicit local destination)"
                                              : config.path.string())
                      << "\n";
            const upload::DestinationConfig* fallback = nullptr;
            try {
                fallback = &config.select("");
            } catch (const Error&) {
                // several destinations and no default: none is marked
            }
            for (const auto& d : config.destinations)
                std::cout << (fallback == &d ? "* " : "  ") << d.name << "  " << upload::describe_destination(d)
                          << "\n";
            return 0;
        }
        const upload::DestinationConfig& chosen = config.find(args->name);
        auto destination = upload::make_destination(chosen);
        upload::Progress progress;
        const upload::ProbeResult r = upload::probe_destination(chosen, *destination, progress);
        std::cout << chosen.name << ": ok, uploaded and removed a test file";
        if (r.link_checked)
            std::cout << "; its link returned the same bytes\n";
        else
            std::cout << "\nnote: the link " << upload::redact_url(r.url)
                      << " could not be checked from here: " << r.note << "\n";
        return 0;
    };
}

}  // namespace clipnote::cli
