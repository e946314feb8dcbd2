#include "app/share/click_highlight.h"

#include <memory>
#include <string>

#include "capture/x11_click_watcher.h"
#include "common/error.h"

namespace clipnote::share {

ClickRingSource click_highlight_for(const SourceSpec& screen) {
    if (screen.format != "x11grab")
        throw Error("--click-highlight needs an X11 screen (x11grab); this picture is " + screen.describe());
    // x11grab's URL is DISPLAY or DISPLAY+X,Y: the recorded picture's top left on the root window.
    std::string display = screen.url;
    int ox = 0, oy = 0;
    if (const size_t plus = screen.url.find('+'); plus != std::string::npos) {
        display = screen.url.substr(0, plus);
        if (std::sscanf(screen.url.c_str() + plus + 1, "%d,%d", &ox, &oy) != 2)
            throw Error("cannot tell where '" + screen.url + "' is on the screen");
    }
    auto watcher = std::make_shared<X11ClickWatcher>(display);
    return [watcher, ox, oy](int64_t capture_us) {
        std::vector<ClickRing> rings;
        for (const PointerClick& c : watcher->clicks_since(capture_us - kClickRingUs)) {
            if (c.at_us > capture_us) continue;  // after this picture was taken
            rings.push_back({c.x - ox, c.y - oy, double(capture_us - c.at_us) / double(kClickRingUs)});
        }
        return rings;
    };
}

}  // namespace clipnote::share
