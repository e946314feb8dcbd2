// Plain data that the media checks return: what a file contains, decoded pictures and sound.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace clipnote::test {

struct StreamInfo {
    std::string type;   // "video", "audio" (or "subtitle", "data", ...)
    std::string codec;  // e.g. "h264", "aac", "gif"
    int width = 0, height = 0;
    std::string pix_fmt;  // e.g. "yuv420p"; "" for audio
    int sample_rate = 0, channels = 0;
    double fps = 0;  // the stream's average frame rate, 0 if unknown
    // The stream's own duration (duration * time_base) if the container sets it, else
    // packet_span_s.
    double duration_s = 0;
    // From the packets: (max of pts + duration) - (min pts), in seconds.
    double packet_span_s = 0;
    double start_time_s = 0;  // smallest packet pts, in seconds
    int64_t packet_count = 0;
    int64_t keyframe_count = 0;
    bool first_packet_keyframe = false;  // a recording must start decodable
};

struct MediaInfo {
    std::string format_name;  // e.g. "mov,mp4,m4a,3gp,3g2,mj2", "gif"
    double duration_s = -1;   // the container's duration, -1 if unknown
    std::vector<StreamInfo> streams;
    // The first video / audio stream, or nullptr.
    const StreamInfo* video() const;
    const StreamInfo* audio() const;
};

// One decoded picture, RGB24 tightly packed (row stride = 3 * width).
struct RgbFrame {
    double time_s = 0;  // presentation time
    int width = 0, height = 0;
    std::vector<uint8_t> rgb;
    // {R, G, B} at (x, y); throws std::out_of_range outside the picture.
    std::array<uint8_t, 3> pixel(int x, int y) const;
    // Mean BT.601 luma (0.299 R + 0.587 G + 0.114 B) over the picture, 0..255.
    double mean_luma() const;
};

struct AudioTrack {
    int sample_rate = 0;
    std::vector<float> mono;  // the channels averaged, -1..1
    double start_time_s = 0;  // presentation time of mono[0]; mono[i] plays at start + i / rate
    // Largest distance between a decoded frame's timestamp and where it lands in `mono` (the
    // samples are kept back to back, as a player plays them). Near 0 for a recording with
    // continuous audio timestamps; large if the file has holes or jittery timestamps.
    double max_timestamp_drift_s = 0;
    double duration_s() const {
        return sample_rate ? static_cast<double>(mono.size()) / sample_rate : 0;
    }
};

}  // namespace clipnote::test
