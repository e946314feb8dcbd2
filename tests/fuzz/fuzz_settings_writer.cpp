// The app's settings writer (app/gui/app_settings.h: save_app_settings, through
// app/gui/config_file.h's table-by-table editing) on a fuzzed config.toml the user wrote, with
// fuzzed settings values. Invariants:
//   - a file clipnote can read (destinations and app settings), saved with any valid settings
//     (values in their ranges, UTF-8 text), is written: no Error;
//   - what is written reads back as the same settings (load_app_settings; text that is UTF-8) and the same
//     destinations (upload::parse_config), whose tables are still there byte for byte;
//   - whatever the input, a failed save is a clipnote::Error and the file on disk always parses.
#include <fuzzer/FuzzedDataProvider.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "app/gui/app_settings.h"
#include "app/gui/config_file.h"
#include "common/error.h"
#include "fuzz_common.h"
#include "upload/config.h"

using namespace clipnote;
using namespace clipnote::gui;
namespace fs = std::filesystem;

namespace {

// A folder of this process's own on tmpfs when there is one (the writer fsyncs every save).
const fs::path& scratch() {
    static const fs::path dir = [] {
        const fs::path base = fs::is_directory("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
        fs::path d = base / ("clipnote-fuzz-settings-" + std::to_string(::getpid()));
        fs::create_directories(d);
        std::atexit([] { fs::remove_all(scratch()); });
        return d;
    }();
    return dir;
}

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

struct Destinations {
    std::string default_name;
    std::vector<std::string> entries;  // "name/kind"
    bool operator==(const Destinations&) const = default;
};

Destinations destinations_of(const std::string& text, const fs::path& path) {
    const upload::Config c = upload::parse_config(text, path);
    Destinations d{c.default_name, {}};
    for (const auto& e : c.destinations) d.entries.push_back(e.name + "/" + e.kind);
    return d;
}

// The fields that differ, for the message.
std::string differences(const AppSettings& a, const AppSettings& b) {
    std::string out;
    auto text = [&](const char* name, const std::string& x, const std::string& y) {
        if (x != y) out += std::string(name) + ": \"" + fuzz::printable(x) + "\" != \"" + fuzz::printable(y) + "\"; ";
    };
    text("screen", a.screen, b.screen);
    text("camera", a.camera, b.camera);
    text("mic", a.mic, b.mic);
    text("system_audio_source", a.system_audio_source, b.system_audio_source);
    text("region", a.region, b.region);
    text("record_hotkey", a.record_hotkey, b.record_hotkey);
    text("reaction_hotkey", a.reaction_hotkey, b.reaction_hotkey);
    text("destination", a.destination, b.destination);
    text("recordings_dir", a.recordings_dir, b.recordings_dir);
    text("window", a.window, b.window);
    auto number = [&](const char* name, double x, double y) {
        if (x != y) out += std::string(name) + ": " + std::to_string(x) + " != " + std::to_string(y) + "; ";
    };
    number("area", double(a.area), double(b.area));
    number("quality", double(a.quality), double(b.quality));
    number("use_mic", a.use_mic, b.use_mic);
    number("system_audio", a.system_audio, b.system_audio);
    number("bubble", a.bubble, b.bubble);
    number("share_as", double(a.share_as), double(b.share_as));
    number("live_preview", a.live_preview, b.live_preview);
    number("review", a.review, b.review);
    number("fps", a.fps, b.fps);
    number("gif_width", a.gif_width, b.gif_width);
    number("gif_dither", a.gif_dither, b.gif_dither);
    number("countdown", a.countdown_seconds, b.countdown_seconds);
    number("reaction_seconds", a.reaction_seconds, b.reaction_seconds);
    if (a.config_path != b.config_path) out += "config_path; ";
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    const fs::path path = scratch() / "config.toml";

    AppSettings s;
    s.config_path = path;
    bool text_ok = true;
    auto text = [&](std::string& field) {
        field = in.ConsumeRandomLengthString(64);
        text_ok = text_ok && fuzz::valid_utf8(field);
    };
    for (std::string* f : {&s.screen, &s.camera, &s.mic, &s.system_audio_source, &s.region, &s.record_hotkey,
                           &s.reaction_hotkey, &s.destination, &s.recordings_dir, &s.window})
        text(*f);
    s.area = in.PickValueInArray({CaptureArea::screen, CaptureArea::region, CaptureArea::camera});
    s.quality = in.PickValueInArray({Quality::smaller, Quality::balanced, Quality::sharper});
    s.use_mic = in.ConsumeBool();
    s.system_audio = in.ConsumeBool();
    s.bubble = in.ConsumeBool();
    s.share_as = in.PickValueInArray({ShareFormat::mp4, ShareFormat::gif, ShareFormat::webp});
    s.live_preview = in.ConsumeBool();
    s.review = in.ConsumeBool();
    s.gif_dither = in.ConsumeBool();
    s.fps = in.ConsumeIntegralInRange(1, 60);
    s.gif_width = in.ConsumeIntegralInRange(64, 4096);
    s.countdown_seconds = in.ConsumeIntegralInRange(0, 10);
    s.reaction_seconds = in.ConsumeIntegralInRange(100, 3000) / 100.0;  // the panel's 0.01 s steps
    const std::string original = in.ConsumeRemainingBytesAsString();

    { std::ofstream(path, std::ios::binary | std::ios::trunc) << original; }
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);
    bool original_ok = true;
    Destinations before;
    try {
        before = destinations_of(original, path);
        load_app_settings(path);
    } catch (const Error&) {
        original_ok = false;
    }
    std::vector<std::pair<std::string, std::string>> tables;
    const ConfigFile before_file(path);
    for (const std::string& name : before_file.destination_names())
        tables.emplace_back(name, before_file.table("destination." + name));

    try {
        save_app_settings(s);
    } catch (const Error& e) {
        FUZZ_CHECK(!(original_ok && text_ok), "saving into a readable file fails: %s\n--- file:\n%s", e.what(),
                   fuzz::printable(original).c_str());
        FUZZ_CHECK(read_file(path) == original, "a failed save changed the file");
        return 0;
    }
    const std::string written = read_file(path);
    Destinations after;
    try {
        after = destinations_of(written, path);
    } catch (const Error& e) {
        FUZZ_CHECK(false, "the saved file does not parse: %s\n--- saved:\n%s", e.what(),
                   fuzz::printable(written).c_str());
    }
    AppSettings back;
    try {
        back = load_app_settings(path);
    } catch (const Error& e) {
        FUZZ_CHECK(false, "the saved settings do not load: %s\n--- saved:\n%s", e.what(),
                   fuzz::printable(written).c_str());
    }
    // Text that is not UTF-8 cannot be TOML: toml++ writes such bytes as Latin-1 (\u00XX), so
    // only UTF-8 settings (all the app produces) must come back byte for byte.
    if (text_ok)
        FUZZ_CHECK(back == s, "the settings read back differ: %s\n--- saved:\n%s", differences(back, s).c_str(),
                   fuzz::printable(written).c_str());
    if (original_ok) {
        FUZZ_CHECK(after == before, "the destinations changed\n--- before:\n%s\n--- saved:\n%s",
                   fuzz::printable(original).c_str(), fuzz::printable(written).c_str());
        for (const auto& [name, table] : tables)
            FUZZ_CHECK(written.find(table) != std::string::npos,
                       "[destination.%s] changed\n--- before:\n%s\n--- saved:\n%s", name.c_str(),
                       fuzz::printable(original).c_str(), fuzz::printable(written).c_str());
    }
    return 0;
}
