#pragma once
// What `clipnote devices` shows: X screens and windows, V4L2 cameras, PulseAudio sources and sinks.
#include <string>
#include <vector>

namespace clipnote {

struct DeviceEntry {
    std::string kind;         // "screen", "window", "camera", "source", "sink"
    std::string name;         // what to pass on the command line, as FORMAT:URL
    std::string description;  // for people
    bool is_default = false;
};

// Every kind that can be listed on this machine; kinds that cannot (no display, no PulseAudio
// server) are skipped and reported in `problems`.
std::vector<DeviceEntry> list_devices(std::vector<std::string>& problems);

}  // namespace clipnote
