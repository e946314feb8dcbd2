#pragma once
// The size limits people send GIFs under, as the app offers them: a chat's inline or upload
// limit, or a size of one's own.
#include <cstdint>
#include <string>
#include <vector>

namespace clipnote {

struct GifSizePreset {
    const char* label;
    const char* size;  // as the settings file keeps it; "" = no limit
};

// "No limit", "Slack inline (2 MB)", "Discord free (10 MB)", "GitHub (10 MB)"; a custom size is
// the entry after the last.
const std::vector<GifSizePreset>& gif_size_presets();
// The preset that keeps `size` (compared as bytes), or gif_size_presets().size() for a custom one.
size_t gif_size_preset_index(const std::string& size);
// Bytes of a size text, 0 for "" or one that is not a size.
int64_t gif_size_bytes(const std::string& size);

}  // namespace clipnote
