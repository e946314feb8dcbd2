#pragma once
// Recording options for the Recorder tests: a synthetic 320x240 picture and a 440 Hz tone (lavfi),
// so no X server or sound server is needed.
#include <string>

#include "encode/recorder.h"

namespace clipnote::test {

inline RecordOptions synthetic_recording(const std::string& output) {
    RecordOptions o;
    o.screen = parse_source("lavfi:testsrc2=size=320x240:rate=30", "x11grab");
    o.mic = parse_source("lavfi:sine=frequency=440", "pulse");
    o.output = output;
    return o;
}

}  // namespace clipnote::test
