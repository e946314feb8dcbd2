#pragma once
// The X server can go away under a running program (logout, Xvfb stopped). Xlib's default then
// calls exit() from whichever thread noticed, while the others still run: the app crashed
// (SIGSEGV in exit-time destructors) and lost the recording in progress. Displays opened through
// here survive instead: Xlib marks them dead, later calls on them fail quietly, and the program
// learns of it (x11_display_lost) and quits in order, keeping what it recorded.

typedef struct _XDisplay Display;

namespace clipnote {

// XOpenDisplay, with the loss of the server handled as above. nullptr when it cannot be opened.
Display* open_display_surviving_loss(const char* name);

// Makes an already open display (e.g. SDL's own) survive the server's loss the same way.
void survive_display_loss(Display* display);

// True once any of those displays lost its server.
bool x11_display_lost();

}  // namespace clipnote
