#pragma once
// Puts text on the desktop clipboard through wl-copy, clipnote-clipboard (X11, also text/html),
// xclip or xsel. They keep serving the selection in their own background process, so it stays
// pasteable after clipnote exits.
#include <string>

namespace clipnote::upload {

struct ClipboardResult {
    bool copied = false;
    std::string note;  // why not, when not: "no display", "install xclip, xsel or wl-clipboard"
};

// Never throws: a missing clipboard is a note, not an error. With `html`, X11 pastes get that as
// text/html and `text` as plain text (Wayland's wl-copy offers one type: `text` only).
ClipboardResult copy_to_clipboard(const std::string& text, const std::string& html = "");

}  // namespace clipnote::upload
