// Shared by the upload tests: a Progress that remembers what it was told, and environment
// variables set for one test.
#pragma once

#include <cstdlib>
#include <mutex>
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

}  // namespace clipnote::test
