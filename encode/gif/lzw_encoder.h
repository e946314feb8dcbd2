#pragma once
// GIF's variable-width LZW coding of one frame's palette indices (GIF89a appendix F), with an
// optional lossy mode: while extending a run, a pixel may be coded as an already-known index whose
// colour is close enough (the idea behind gifsicle's --lossy), as long as the run's substitutions
// add up to no more than that distance per channel (so a gradient is not smeared into streaks).
// Longer runs, fewer codes, smaller files; a pixel changes by at most the stated colour distance.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace clipnote::gif {

struct Rgb {
    uint8_t r = 0, g = 0, b = 0;
};

struct LzwInput {
    const uint8_t* indices = nullptr;  // width * height palette indices, row by row
    size_t count = 0;
    int min_code_size = 8;             // 2..8: bits of the palette's size
    // Lossy mode: the palette's colours and the largest squared RGB distance a pixel may move.
    // 0 (or an empty palette) keeps every pixel exact. `transparent` (or -1) is never substituted.
    const std::vector<Rgb>* palette = nullptr;
    int max_error_sq = 0;
    int transparent = -1;
};

// The LZW data of an image block: the minimum code size byte, then 255-byte sub-blocks, then the
// zero-length terminator. Returns what the decoder will show (it differs from the input only in
// lossy mode), so the caller can keep its picture of the screen exact.
std::vector<uint8_t> lzw_encode(const LzwInput& in, std::vector<uint8_t>* shown = nullptr);

}  // namespace clipnote::gif
