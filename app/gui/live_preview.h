#pragma once
// What the Record screen shows before recording: the webcam's picture and how loud the mic and
// the system sound are. Opens the same FORMAT:URL sources the recording will use, on its own
// thread, and only while the Record screen is in front (the recording needs the camera itself).
#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "capture/source_spec.h"

namespace clipnote::gui {

struct PreviewSources {
    std::optional<SourceSpec> camera, mic, system_audio;
    bool operator==(const PreviewSources&) const = default;
};

struct PreviewLevels {
    float mic = 0, system_audio = 0;  // 0..1 on a -60..0 dBFS scale, peaks decaying
};

class LivePreview {
public:
    // `wake` asks the window to redraw; called at most ~20 times a second.
    explicit LivePreview(std::function<void()> wake);
    ~LivePreview();
    LivePreview(const LivePreview&) = delete;
    LivePreview& operator=(const LivePreview&) = delete;

    // Starts showing `sources`, restarting when they differ from what runs now.
    void show(const PreviewSources& sources);
    void stop();
    bool running() const { return thread_.joinable(); }

    // Copies the newest camera picture when there is one newer than `generation`.
    bool picture(std::vector<std::uint8_t>& rgba, int& width, int& height, std::uint64_t& generation) const;
    PreviewLevels levels() const;
    // Why a source could not be opened, one line each (e.g. "camera: cannot open ...").
    std::vector<std::string> problems() const;

private:
    void run(PreviewSources sources);

    std::function<void()> wake_;
    PreviewSources current_;
    std::thread thread_;
    std::atomic<bool> stop_{false};
    mutable std::mutex mutex_;
    std::vector<std::uint8_t> rgba_;
    int width_ = 0, height_ = 0;
    std::uint64_t generation_ = 0;
    PreviewLevels levels_;
    std::vector<std::string> problems_;
};

}  // namespace clipnote::gui
