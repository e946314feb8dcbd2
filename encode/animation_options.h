#pragma once
// What a GIF and an animated WebP export share: the part of the clip, its rate and size, and the
// one 1..100 quality knob.

namespace clipnote {

struct AnimationOptions {
    int fps = 15;
    int width = 480;  // output width, never scaled up; height keeps the aspect ratio. 0: the input's
    double start_s = 0;
    double end_s = 0;  // 0: to the end
    int quality = 80;  // 1..100
};

}  // namespace clipnote
