#pragma once
// FFmpeg's error codes as clipnote Errors.
#include <string>

#include "common/error.h"

namespace clipnote {

std::string av_error_text(int averror);

// Throws Error("<what>: <FFmpeg's text>") when `ret` is negative; returns `ret` otherwise.
int check_av(int ret, const std::string& what);

}  // namespace clipnote
