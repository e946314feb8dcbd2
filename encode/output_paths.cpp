#include "encode/output_paths.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <regex>

#include "common/error.h"

namespace fs = std::filesystem;

namespace clipnote {

namespace {

std::string home() {
    const char* h = std::getenv("HOME");
    return h && *h ? h : "/tmp";
}

std::string from_user_dirs() {
    const char* config = std::getenv("XDG_CONFIG_HOME");
    const fs::path file = fs::path(config && *config ? config : home() + "/.config") / "user-dirs.dirs";
    std::ifstream in(file);
    std::string line;
    static const std::regex entry(R"re(^XDG_VIDEOS_DIR="(.*)"\s*$)re");
    while (std::getline(in, line)) {
        std::smatch m;
        if (std::regex_match(line, m, entry)) {
            std::string v = m[1];
            if (v.rfind("$HOME", 0) == 0) v = home() + v.substr(5);
            return v;
        }
    }
    return {};
}

}  // namespace

std::string videos_directory() {
    if (const char* v = std::getenv("XDG_VIDEOS_DIR"); v && *v) return v;
    if (std::string v = from_user_dirs(); !v.empty()) return v;
    return home() + "/Videos";
}

std::string default_recording_path(const std::string& extension) {
    const fs::path dir = fs::path(videos_directory()) / "clipnote";
    std::error_code ec;
    fs::create_directories(dir, ec);
    const std::time_t now = std::time(nullptr);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%d_%H-%M-%S", std::localtime(&now));
    fs::path path = dir / (std::string(stamp) + "." + extension);
    for (int i = 2; fs::exists(path); ++i) path = dir / (std::string(stamp) + "-" + std::to_string(i) + "." + extension);
    return path.string();
}

void ensure_writable(const std::string& path) {
    const fs::path p = fs::absolute(path);
    std::error_code ec;
    fs::create_directories(p.parent_path(), ec);
    if (ec) throw Error("cannot write " + path + ": " + ec.message());
    if (fs::is_directory(p)) throw Error("cannot write " + path + ": it is a folder");
    if (access(p.parent_path().c_str(), W_OK) != 0) throw Error("cannot write " + path + ": " + std::strerror(errno));
    if (fs::exists(p) && access(p.c_str(), W_OK) != 0) throw Error("cannot write " + path + ": " + std::strerror(errno));
}

}  // namespace clipnote
