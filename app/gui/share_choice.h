#pragma once
// What the Review screen hands the controller on Share: the kept part, the title, the format.
#include <string>

namespace clipnote::gui {

enum class ShareFormat { mp4, gif, webp };

// "mp4", "gif", "webp": the shared file's extension, and the word config.toml uses.
const char* to_string(ShareFormat format);

struct ShareChoice {
    double start_s = 0, end_s = 0;  // the kept part
    std::string title;
    ShareFormat format = ShareFormat::mp4;
    std::string gif_max_size;  // the GIF fits this ("" = no limit)
    std::string destination;   // "" = the default
};

}  // namespace clipnote::gui
