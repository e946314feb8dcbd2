#pragma once
// A hotkey as written in config.toml ("ctrl+alt+g", "super+shift+F9"): modifiers and one key
// named by its XKB keysym name, the vocabulary both X11 and the desktop portal's shortcuts use.
#include <string>

namespace clipnote::gui {

enum ChordModifier : unsigned int { kChordCtrl = 1, kChordAlt = 2, kChordShift = 4, kChordSuper = 8 };

struct Chord {
    unsigned int modifiers = 0;  // ChordModifier bits
    unsigned long keysym = 0;    // an X/XKB keysym
    std::string text;            // as written, e.g. "ctrl+alt+g"
};

// Parses "ctrl+alt+g", "super+shift+F9"; throws Error for an unknown key or modifier.
// Needs no display (keysym names come from libX11's table).
Chord parse_chord(const std::string& text);

}  // namespace clipnote::gui
