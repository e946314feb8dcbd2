#include "support/ppm.h"

#include <cctype>
#include <fstream>
#include <stdexcept>

namespace clipnote::test {

// A binary PPM (P6, maxval 255), as `grim -t ppm` writes it.
Picture read_ppm(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    auto token = [&] {
        std::string t;
        for (;;) {
            int c = in.get();
            if (!in) throw std::runtime_error("truncated PPM header: " + path);
            if (c == '#') {
                std::string comment;
                std::getline(in, comment);
            } else if (std::isspace(c)) {
                if (!t.empty()) return t;
            } else {
                t += static_cast<char>(c);
            }
        }
    };
    if (token() != "P6") throw std::runtime_error("not a binary PPM: " + path);
    Picture p;
    p.width = std::stoi(token());
    p.height = std::stoi(token());
    if (std::stoi(token()) != 255) throw std::runtime_error("PPM maxval is not 255: " + path);
    p.rgb.resize(static_cast<size_t>(p.width) * p.height * 3);
    in.read(reinterpret_cast<char*>(p.rgb.data()), static_cast<std::streamsize>(p.rgb.size()));
    if (!in) throw std::runtime_error("truncated PPM data: " + path);
    return p;
}

}  // namespace clipnote::test
