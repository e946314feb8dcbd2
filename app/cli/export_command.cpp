// `clipnote export`: trim and convert a recording, e.g. MP4 -> GIF.
#include <filesystem>
#include <iostream>

#include "app/cli/commands.h"
#include "app/cli/gif_alternatives.h"
#include "app/cli/status_line.h"
#include "common/error.h"
#include "common/size_text.h"
#include "encode/clip_export.h"
#include "encode/output_paths.h"

namespace clipnote::cli {

Command add_export_command(CLI::App& app) {
    struct Args {
        std::string input, output, max_size;
        ExportOptions options;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("export", "Trim and convert a recording (MP4 -> MP4, GIF or animated WebP)");
    cmd->add_option("INPUT", args->input, "The recording")->required();
    cmd->add_option("-o,--output", args->output, "Output file, .mp4, .gif or .webp")->required();
    cmd->add_option("--start", args->options.start_s, "Start at this second");
    cmd->add_option("--end", args->options.end_s, "End at this second");
    cmd->add_option("--fps", args->options.fps, "Frames per second (default: the input's; 15 for GIF)");
    cmd->add_option("--width", args->options.width, "Width in pixels (default: the input's; 480 for GIF)");
    cmd->add_option("--quality", args->options.gif_quality, "GIF/WebP quality 1..100 (default 80)")->check(CLI::Range(1, 100));
    cmd->add_flag("--dither", args->options.gif_dither, "GIF: dither gradients with a pattern that stays still from frame to frame (larger)");
    cmd->add_option("--max-size", args->max_size, "Fit the GIF under this size, e.g. 2MB (Slack inline), 10MB (Discord)");
    cmd->add_option("--crf", args->options.crf, "H.264 quality for MP4 output (default 23)");
    cmd->add_option("--preset", args->options.preset, "x264 preset for MP4 output (default veryfast)");
    return [args] {
        if (!std::filesystem::exists(args->input)) throw Error("cannot read " + args->input + ": no such file");
        if (std::filesystem::absolute(args->input) == std::filesystem::absolute(args->output))
            throw Error("the output must not be the input");
        const bool gif = std::filesystem::path(args->output).extension() == ".gif";
        if (!gif && (!args->max_size.empty() || args->options.gif_dither))
            throw Error("--max-size and --dither are for GIF output (-o NAME.gif)");
        if (!args->max_size.empty()) args->options.gif_max_bytes = int64_t(parse_size(args->max_size));
        ensure_writable(args->output);
        const ExportResult r = export_clip(args->input, args->output, args->options);
        std::cerr << "Saved " << r.output << "  (" << format_duration(r.duration_s) << ", " << r.frames << " frames, "
                  << format_bytes(int64_t(std::filesystem::file_size(r.output))) << ")\n";
        if (!r.gave_up.empty()) std::cerr << "To fit " << args->max_size << ": " << r.gave_up << "\n";
        if (!r.fits) {
            std::cerr << "clipnote: the GIF is still larger than " << args->max_size << " at the smallest settings\n"
                      << gif_alternatives(args->input, args->output, animation_options(args->options));
            return 3;
        }
        std::cout << r.output << "\n";
        return 0;
    };
}

}  // namespace clipnote::cli
