// Shared by the upload tests: a Progress that remembers what it was told, and environment
// variables set for one test.
#pragma once

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <regex>
#include <string>
#include <vector>

#include "upload/destination.h"

namespace clipnote::test {

class RecordingProgress : public upload::Progress {
public:
    void on_bytes(std::uint64_t done, std::uint64_t total) override {
        std::lock_guard lock(mutex_);
        last_done = done;
        last_total = total;
        ++calls;
    }
    void on_note(const std::string& text) override {
        std::lock_guard lock(mutex_);
        notes.push_back(text);
    }
    std::uint64_t last_done = 0, last_total = 0;
    int calls = 0;
    std::vector<std::string> notes;

private:
    std::mutex mutex_;
};

// setenv for the lifetime of the object, then restores the old value.
class ScopedEnv {
public:
    ScopedEnv(std::string name, const std::string& value) : name_(std::move(name)) {
        if (const char* old = std::getenv(name_.c_str())) old_ = old, had_ = true;
        ::setenv(name_.c_str(), value.c_str(), 1);
    }
    ~ScopedEnv() {
        if (had_)
            ::setenv(name_.c_str(), old_.c_str(), 1);
        else
            ::unsetenv(name_.c_str());
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    std::string name_, old_;
    bool had_ = false;
};

// An upload's key "<folders>/<id>/<name>" taken apart (upload/object_key.h).
struct KeyParts {
    std::string folders, id, name;  // folders: "" or "team/"
};
inline KeyParts key_parts(const std::string& key) {
    const auto last = key.rfind('/');
    if (last == std::string::npos) return {"", "", key};
    const auto before = key.rfind('/', last - 1);
    const auto id_start = before == std::string::npos ? 0 : before + 1;
    return {key.substr(0, id_start), key.substr(id_start, last - id_start), key.substr(last + 1)};
}

// 20 characters of lower-case base32 (a-z, 2-7): 100 random bits.
inline bool looks_like_object_id(const std::string& id) {
    return id.size() == 20 && std::all_of(id.begin(), id.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= '2' && c <= '7');
           });
}

// `text` with each upload id in a path shown as "<id>", so messages can be compared whole:
// "PutObject team/<id>/clip.mp4: HTTP 500 …".
inline std::string without_ids(const std::string& text) {
    static const std::regex id("(^|[ /])[a-z2-7]{20}/");
    return std::regex_replace(text, id, "$1<id>/");
}

// The value of `name` (any case) in a header dump (curl -D), "" when absent.
inline std::string header_value(const std::string& dump_path, const std::string& name) {
    std::ifstream in(dump_path, std::ios::binary);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const auto colon = line.find(':');
        if (colon == std::string::npos || colon != name.size()) continue;
        std::string key = line.substr(0, colon);
        std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
        if (key != name) continue;
        const auto start = line.find_first_not_of(' ', colon + 1);
        return start == std::string::npos ? "" : line.substr(start);
    }
    return "";
}

// How many times `needle` occurs in `haystack` (overlaps counted).
inline int occurrences(const std::string& haystack, const std::string& needle) {
    int n = 0;
    for (auto p = haystack.find(needle); p != std::string::npos; p = haystack.find(needle, p + 1)) ++n;
    return n;
}

}  // namespace clipnote::test
