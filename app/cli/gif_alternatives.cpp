#include "app/cli/gif_alternatives.h"

#include <filesystem>

#include "app/cli/status_line.h"
#include "encode/webp_export.h"

namespace clipnote::cli {

std::string gif_alternatives(const std::string& recording, const std::string& gif, const AnimationOptions& options,
                             const CancelFlag* cancel) {
    std::string text;
    const std::string webp = std::filesystem::path(gif).replace_extension(".webp").string();
    const std::string measure = webp + ".measure.webp";
    try {
        const int64_t bytes = export_webp(recording, measure, options, cancel).bytes;
        std::filesystem::remove(measure);
        text += "  an animated WebP would be " + format_bytes(bytes) +
                " (Discord, GitHub and browsers show it inline): clipnote export " + recording + " -o " + webp + "\n";
    } catch (const std::exception&) {
        std::error_code ignored;
        std::filesystem::remove(measure, ignored);
    }
    text += "  the MP4 is " + format_bytes(int64_t(std::filesystem::file_size(recording))) + ": " + recording + "\n";
    return text;
}

}  // namespace clipnote::cli
