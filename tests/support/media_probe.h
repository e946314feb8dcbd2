// Reopens what clipnote wrote, with libavformat/libavcodec, so tests assert on the file itself:
// streams, durations, decoded pixels, GIF delays, audio. All functions throw std::runtime_error
// with the failing FFmpeg call and its error text.
#pragma once

#include <string>
#include <vector>

#include "support/media_types.h"
#include "support/signal_analysis.h"  // frequency, level, onset and flash detection

namespace clipnote::test {

// Opens the file, describes each stream, and reads every packet to count them and measure
// each stream's span.
MediaInfo probe_media(const std::string& path);

// Decodes the first video stream (H.264 MP4, GIF, ...) to RGB24. Keeps every `step`-th decoded
// frame (1 = all), at most `max_frames` of them (-1 = no limit).
std::vector<RgbFrame> decode_video(const std::string& path, int max_frames = -1, int step = 1);

// How long each frame of a GIF is shown, in seconds, in file order: the delay of each image's
// Graphic Control Extension (read by hand and checked against the gif demuxer's packet
// durations). Their sum is the GIF's playing time.
std::vector<double> gif_frame_delays_s(const std::string& path);

// One image block of a GIF: the rectangle it draws, whether its Graphic Control Extension names a
// transparent index (pixels that keep what was there), and its delay.
struct GifImage {
    int x = 0, y = 0, width = 0, height = 0;
    bool transparent = false;
    int delay_cs = 0;
    int data_bytes = 0;  // its LZW data
};
std::vector<GifImage> gif_images(const std::string& path);

// Structural similarity of two pictures of the same size, on luma, averaged over 8x8 windows
// (Wang et al. 2004 with its usual constants); 1 = identical.
double luma_ssim(const RgbFrame& a, const RgbFrame& b);

// Decodes the first audio stream and averages its channels to mono float at its own rate.
// Samples are kept back to back; max_timestamp_drift_s tells how far the file's timestamps
// disagree with that.
AudioTrack decode_audio_mono(const std::string& path);

}  // namespace clipnote::test
