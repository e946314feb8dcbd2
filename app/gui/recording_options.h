#pragma once
// Turns the app's settings into the core's RecordOptions: which screen, camera and audio, where
// the file goes. The one place the app asks the desktop (X pointer, screen size, whether a
// camera exists) before a recording; runs on the thread that starts the Recorder.
#include <string>

#include "app/gui/app_settings.h"
#include "encode/recorder.h"

namespace clipnote::gui {

// A video update (reaction = false) or a reaction GIF: yourself from the webcam, or with no
// webcam the screen around the pointer. Throws Error with a one-line reason (e.g. no camera).
RecordOptions recording_options(const AppSettings& settings, bool reaction);

// A file in the recording's folder for a trimmed or converted copy: NAME-clip.EXT, NAME-clip-2.EXT...
std::string derived_path(const std::string& file, const std::string& extension);

}  // namespace clipnote::gui
