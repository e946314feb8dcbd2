#pragma once
// A poster for a shared video: the first meaningful picture of it (not a black or blank first
// frame: the one with the most detail in the second after the first one with some, so a fade-in
// is taken at its fullest), scaled down and saved as a JPEG. Chat apps show it where the link is pasted; the share page shows it before playing.
#include <string>

namespace clipnote {

struct PosterInfo {
    int width = 0, height = 0;              // of the JPEG
    int video_width = 0, video_height = 0;  // of the video it came from
    double duration_s = 0;                  // of the video
    double picture_time_s = 0;              // where in the video the picture is
};

// Throws Error("cannot read <video>: ..." or "cannot write <jpeg_path>: ...").
PosterInfo make_poster(const std::string& video, const std::string& jpeg_path, int max_width = 1280);

}  // namespace clipnote
