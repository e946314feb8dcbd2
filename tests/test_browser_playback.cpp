// The recordings play in a browser (headless Chromium, from Debian), which reads the duration
// from the file's own boxes: both a cleanly stopped recording and one whose process was killed.
#include <csignal>
#include <fstream>
#include <regex>
#include <thread>

#include "recording_fixture.h"

using namespace clipnote::test;
using namespace std::chrono_literals;

namespace {

// Loads `video` in a <video> element and returns what the page saw: "duration=… w=…" or "error=…".
std::string chromium_metadata(const TempDir& dir, const std::string& video) {
    const std::string page = dir.file("page.html");
    std::ofstream(page) << "<html><body><div id=out>pending</div><video id=v preload=metadata src='"
                        << std::filesystem::path(video).filename().string() << "'></video><script>"
                        << "const v=document.getElementById('v'),o=document.getElementById('out');"
                        << "v.onloadedmetadata=()=>{o.textContent='duration='+v.duration+' w='+v.videoWidth};"
                        << "v.onerror=()=>{o.textContent='error='+(v.error&&v.error.code)};</script></body></html>";
    const auto r = run_command({"chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                                "--disable-sync", "--user-data-dir=" + dir.file("profile"),
                                "--allow-file-access-from-files", "--virtual-time-budget=5000", "--dump-dom",
                                "file://" + page},
                               {}, std::chrono::seconds(60));
    std::smatch m;
    static const std::regex out(R"(id="out">([^<]*))");
    return std::regex_search(r.out, m, out) ? m[1].str() : "no output: " + r.err.substr(0, 200);
}

double duration_in(const std::string& metadata) {
    std::smatch m;
    static const std::regex d(R"(duration=([0-9.]+))");
    return std::regex_search(metadata, m, d) ? std::stod(m[1]) : -1;
}

}  // namespace

TEST_CASE("Chromium shows the true duration of a finished recording") {
    TempDir dir;
    const std::string out = dir.file("clip.mp4");
    require_success(run_clipnote({"record", "--screen", "lavfi:testsrc2=size=640x360:rate=30", "--mic",
                                  "lavfi:sine=frequency=440", "--duration", "3", "-o", out}));
    const std::string seen = chromium_metadata(dir, out);
    INFO(seen);
    CHECK(duration_in(seen) == doctest::Approx(3.0).epsilon(0.05 / 3));
    CHECK(seen.find("w=640") != std::string::npos);
}

TEST_CASE("Chromium plays a recording whose process was killed") {
    TempDir dir;
    const std::string out = dir.file("killed.mp4");
    ChildProcess p({clipnote_binary(), "record", "--screen", "lavfi:testsrc2=size=640x360:rate=30", "--mic",
                    "lavfi:sine=frequency=440", "-o", out},
                   isolated());
    std::this_thread::sleep_for(3500ms);
    p.send_signal(SIGKILL);
    p.wait_for(5s);
    const std::string seen = chromium_metadata(dir, out);
    INFO(seen);
    CHECK(duration_in(seen) >= 3.5 - 1.5);
}
