// Binary PPM (P6, maxval 255) pictures, as `grim -t ppm` writes them: a screenshot format tests
// can read without an image library.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace clipnote::test {

struct Picture {
    int width = 0, height = 0;
    std::vector<uint8_t> rgb;  // width * height * 3
};

// Throws std::runtime_error for anything but a well-formed P6 with maxval 255.
Picture read_ppm(const std::string& path);

}  // namespace clipnote::test
