#include "capture/device_list.h"

#include <fcntl.h>
#include <linux/videodev2.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "common/av_error.h"
#include "capture/screen_backend.h"
#include "capture/x11_display.h"
#include "capture/x11_monitors.h"

extern "C" {
#include <libavdevice/avdevice.h>
}

namespace clipnote {

namespace {

void list_x11(std::vector<DeviceEntry>& out, std::vector<std::string>& problems) {
    try {
        const std::string display = display_from_environment();
        const Region s = screen_bounds(display);
        out.push_back({"screen", "x11grab:" + display,
                       std::to_string(s.width) + "x" + std::to_string(s.height) + " (all monitors)", false});
        // What `record` means by the whole screen: one monitor, the pointer's unless --monitor says.
        const std::vector<MonitorInfo> monitors = list_monitors(display);
        const MonitorInfo under_pointer = choose_monitor(monitors, pointer_position(display), "", display);
        for (const MonitorInfo& m : monitors)
            out.push_back({"monitor", std::to_string(m.index),
                           describe(m) + (m.index == under_pointer.index ? " (under the pointer)" : ""),
                           m.index == under_pointer.index});
        for (const WindowInfo& w : list_windows(display)) {
            char id[32];
            std::snprintf(id, sizeof id, "0x%lx", w.id);
            out.push_back({"window", id,
                           w.name + "  " + std::to_string(w.bounds.width) + "x" + std::to_string(w.bounds.height) + "+" +
                               std::to_string(w.bounds.x) + "+" + std::to_string(w.bounds.y),
                           false});
        }
    } catch (const std::exception& e) {
        problems.push_back(std::string("screens: ") + e.what());
    }
}

// Under Wayland the desktop's own sharing dialog picks the monitor or window (once: the choice
// is remembered), so the choices are the portal's kinds of target.
void list_portal(std::vector<DeviceEntry>& out) {
    out.push_back({"screen", "portal:monitor", "a monitor, picked in the desktop's sharing dialog the first time", true});
    out.push_back({"screen", "portal:window", "a window, picked in the desktop's sharing dialog the first time", false});
}

void list_cameras(std::vector<DeviceEntry>& out) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/dev", ec)) {
        const std::string path = entry.path().string();
        if (path.rfind("/dev/video", 0) != 0) continue;
        const int fd = open(path.c_str(), O_RDONLY | O_NONBLOCK);
        if (fd < 0) continue;
        v4l2_capability cap{};
        if (ioctl(fd, VIDIOC_QUERYCAP, &cap) == 0) {
            const uint32_t caps = (cap.capabilities & V4L2_CAP_DEVICE_CAPS) ? cap.device_caps : cap.capabilities;
            if (caps & V4L2_CAP_VIDEO_CAPTURE)
                out.push_back({"camera", "v4l2:" + path, reinterpret_cast<const char*>(cap.card), path == "/dev/video0"});
        }
        close(fd);
    }
}

struct DeviceListDeleter {
    void operator()(AVDeviceInfoList* l) const { avdevice_free_list_devices(&l); }
};

void list_pulse(bool sinks, std::vector<DeviceEntry>& out, std::vector<std::string>& problems) {
    avdevice_register_all();
    const char* kind = sinks ? "sink" : "source";
    AVDeviceInfoList* raw = nullptr;
    int ret = 0;
    if (sinks) ret = avdevice_list_output_sinks(av_guess_format("pulse", nullptr, nullptr), nullptr, nullptr, &raw);
    else ret = avdevice_list_input_sources(av_find_input_format("pulse"), nullptr, nullptr, &raw);
    std::unique_ptr<AVDeviceInfoList, DeviceListDeleter> list(raw);
    if (ret < 0) {
        problems.push_back(std::string("audio ") + kind + "s: PulseAudio: " + av_error_text(ret));
        return;
    }
    for (int i = 0; i < list->nb_devices; ++i) {
        const AVDeviceInfo* d = list->devices[i];
        out.push_back({kind, std::string("pulse:") + d->device_name, d->device_description ? d->device_description : "",
                       i == list->default_device});
    }
}

}  // namespace

std::vector<DeviceEntry> list_devices(std::vector<std::string>& problems) {
    std::vector<DeviceEntry> out;
    if (choose_screen_backend().format == "portal") list_portal(out);
    else list_x11(out, problems);
    list_cameras(out);
    list_pulse(false, out, problems);
    list_pulse(true, out, problems);
    return out;
}

}  // namespace clipnote
