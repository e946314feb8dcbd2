#pragma once
// The one-line live status on a terminal, and the summary line at the end.
#include <string>

#include "encode/recorder.h"

namespace clipnote::cli {

std::string format_bytes(int64_t bytes);
std::string format_duration(double seconds);
// "● REC 00:12  3.4 MB  30 fps  0 dropped  1 dup", plus "  2 bad packets skipped" when any were
std::string status_line(const RecorderSnapshot& s);
// "2 bad packets skipped" (undecodable input the recording went on without); "" when none were.
std::string bad_packets_text(const RecorderSnapshot& s);

}  // namespace clipnote::cli
