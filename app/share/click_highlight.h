#pragma once
// The click highlight for a recording of an X11 screen: clicks heard on the X server (capture's
// X11ClickWatcher), moved into the recorded picture's coordinates, as the rings the recorder
// draws (encode's ClickRing).
#include "capture/source_spec.h"
#include "encode/click_rings.h"

namespace clipnote::share {

// For an x11grab `screen` source (whole screen, monitor, region or window). Throws Error for any
// other picture: the portal gives no clicks, a synthetic source has none.
ClickRingSource click_highlight_for(const SourceSpec& screen);

}  // namespace clipnote::share
