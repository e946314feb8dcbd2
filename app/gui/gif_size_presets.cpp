#include "app/gui/gif_size_presets.h"

#include "common/size_text.h"

namespace clipnote {

const std::vector<GifSizePreset>& gif_size_presets() {
    static const std::vector<GifSizePreset> presets = {
        {"No limit", ""},
        {"Slack inline (2 MB)", "2MB"},
        {"Discord free (10 MB)", "10MB"},
        {"GitHub (10 MB)", "10MB"},
    };
    return presets;
}

int64_t gif_size_bytes(const std::string& size) {
    if (size.empty()) return 0;
    try {
        return int64_t(parse_size(size));
    } catch (const std::exception&) {
        return 0;
    }
}

size_t gif_size_preset_index(const std::string& size) {
    const auto& presets = gif_size_presets();
    const int64_t bytes = gif_size_bytes(size);
    for (size_t i = 0; i < presets.size(); ++i)
        if (gif_size_bytes(presets[i].size) == bytes) return i;
    return presets.size();
}

}  // namespace clipnote
