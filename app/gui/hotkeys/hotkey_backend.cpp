#include "app/gui/hotkeys/hotkey_backend.h"

#include <exception>

#include "app/gui/hotkeys/x11_hotkeys.h"

namespace clipnote::gui {

OpenedHotkeys open_hotkey_backend(const std::string& display) {
    OpenedHotkeys opened;
    try {
        opened.backend = std::make_unique<X11Hotkeys>(display);
    } catch (const std::exception& e) {
        opened.why_not = e.what();
    }
    return opened;
}

}  // namespace clipnote::gui
