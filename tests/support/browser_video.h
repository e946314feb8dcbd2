#pragma once
// What headless Chromium (from Debian) makes of a video, as a colleague's browser does when they
// open a shared link: it reads the duration from the file's own boxes, seeks and plays.
// (tests/helpers/chromium_video.js drives it over the DevTools protocol, in real time.)
#include <string>

#include <nlohmann/json.hpp>

namespace clipnote::test {

// Loads `src` (an http URL or a local file path) in a <video>, seeks to the middle and plays half
// a second. Returns "duration=D w=W seeked=T played=P", or "error=..." (also when Chromium does
// not run).
std::string chromium_video_report(const std::string& src);

// Opens `url` as a page (a share page) and probes its own first <video> as above (`video`, the
// same report); `page` is what the page shows and tells unfurlers: {"title", "h1", "poster",
// "src", "meta": {"og:title": ..., ...}}, read by Chromium's own parser ({} when it failed).
struct PageReport {
    std::string video;
    nlohmann::json page;
};
// With `screenshot`, also writes a PNG of the page as it first shows (800x600, its poster painted)
// there, taken before the video plays.
PageReport chromium_page_report(const std::string& url, const std::string& screenshot = "");

// The D of "duration=D" in a report; -1 when there is none.
double reported_duration(const std::string& report);
// The T of "seeked=T"; -1 when the seek did not land.
double reported_seek(const std::string& report);
// The P of "played=P": where playback was half a second after the seek; -1 when it did not play.
double reported_played(const std::string& report);

}  // namespace clipnote::test
