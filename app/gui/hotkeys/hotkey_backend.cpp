#include "app/gui/hotkeys/hotkey_backend.h"

#include <exception>

#include "app/gui/hotkeys/portal_hotkeys.h"
#include "app/gui/hotkeys/x11_hotkeys.h"
#include "capture/screen_backend.h"

namespace clipnote::gui {

const char* const kBindByHand =
    "; bind `clipnote toggle` and `clipnote react` to keys in your desktop's keyboard settings";

OpenedHotkeys open_hotkey_backend(const std::string& display) {
    OpenedHotkeys opened;
    if (choose_screen_backend().format == "portal") {  // Wayland: no program may grab keys itself
        try {
            opened.backend = std::make_unique<PortalHotkeys>();
        } catch (const std::exception& e) {
            opened.why_not = std::string("no global hotkeys: ") + e.what() + kBindByHand;
            opened.bind_by_hand = true;
        }
        return opened;
    }
    try {
        opened.backend = std::make_unique<X11Hotkeys>(display);
    } catch (const std::exception& e) {
        opened.why_not = e.what();
    }
    return opened;
}

}  // namespace clipnote::gui
