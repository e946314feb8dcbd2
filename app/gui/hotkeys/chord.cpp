#include "app/gui/hotkeys/chord.h"

#include <X11/Xlib.h>

#include <algorithm>
#include <cctype>
#include <sstream>
#include <vector>

#include "common/error.h"

namespace clipnote::gui {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

}  // namespace

Chord parse_chord(const std::string& text) {
    Chord c;
    c.text = text;
    std::stringstream in(text);
    std::string part;
    std::vector<std::string> parts;
    while (std::getline(in, part, '+')) parts.push_back(part);
    if (parts.empty()) throw Error("empty hotkey");
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
        const std::string m = lower(parts[i]);
        if (m == "ctrl" || m == "control") c.modifiers |= kChordCtrl;
        else if (m == "alt") c.modifiers |= kChordAlt;
        else if (m == "shift") c.modifiers |= kChordShift;
        else if (m == "super" || m == "win" || m == "meta") c.modifiers |= kChordSuper;
        else throw Error("hotkey \"" + text + "\": unknown modifier \"" + parts[i] + "\"");
    }
    std::string key = parts.back();
    KeySym sym = XStringToKeysym(key.c_str());
    if (sym == NoSymbol) sym = XStringToKeysym(lower(key).c_str());
    if (sym == NoSymbol) throw Error("hotkey \"" + text + "\": unknown key \"" + key + "\"");
    c.keysym = sym;
    return c;
}

}  // namespace clipnote::gui
