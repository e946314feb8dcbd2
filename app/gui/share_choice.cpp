#include "app/gui/share_choice.h"

namespace clipnote::gui {

const char* to_string(ShareFormat format) {
    switch (format) {
        case ShareFormat::mp4: return "mp4";
        case ShareFormat::gif: return "gif";
        case ShareFormat::webp: return "webp";
    }
    return "mp4";
}

}  // namespace clipnote::gui
