#pragma once
// Recorded clips for the GIF and WebP tests: lavfi pictures recorded by clipnote itself (H.264,
// as a reaction GIF's source is), so the encoders see what they see in use.
#include <string>

#include "recording_fixture.h"

namespace clipnote::test {

// A webcam-like picture: a still wall, a subject moving in front of it, light sensor noise.
inline const std::string kCameraLike =
    "lavfi:color=c=0x7a6a5c:s=480x360:r=15[bg];testsrc2=s=140x160:r=15[fg];"
    "[bg][fg]overlay=x='140+60*sin(2*PI*t/3)':y=110,noise=alls=4:allf=t,format=yuv420p";
// A screen: flat UI and a small cursor moving across it.
inline const std::string kScreenLike =
    "lavfi:color=c=0xf3f4f6:s=640x360:r=10,drawbox=x=0:y=0:w=640:h=36:c=0x2d3142:t=fill,"
    "drawbox=x=40:y=80:w=300:h=160:c=0xffffff:t=fill[bg];color=c=0x111111:s=12x18:r=10[c];"
    "[bg][c]overlay=x='500-60*t':y='300-30*t',format=yuv420p";
// A film: a zoom into the Mandelbrot set (every pixel moves) under heavy film grain.
inline const std::string kGrainyFilm =
    "lavfi:mandelbrot=s=480x270:r=15:start_scale=2.5:end_scale=0.6:end_pts=45,noise=alls=14:allf=t,format=yuv420p";
// Grain over a test picture that slides across a grey one: the moving part is about half of the
// picture, the grain lighter than the film's (what a dim webcam or an old film clip brings).
inline const std::string kHalfMovingGrain =
    "lavfi:testsrc2=size=480x270:rate=15,format=yuv420p[t];color=c=gray:size=480x270:rate=15[g];"
    "[g][t]overlay=x='-240+t*160':y=0,noise=alls=11:allf=t,format=yuv420p";
// A sky: a smooth diagonal gradient over the whole picture, a small square crossing it.
inline const std::string kGradientSky =
    "lavfi:gradients=s=480x270:r=15:c0=0x1d3b6e:c1=0xf2c89a:x0=0:y0=0:x1=480:y1=270:speed=0.00001:seed=1[sky];"
    "color=c=0x202020:s=40x40:r=15[box];[sky][box]overlay=x='40+100*t':y=100,format=yuv420p";
// A one-pixel line, a little lighter than the grey behind it (20 levels), sliding right 6 pixels a frame.
inline const std::string kFaintLine =
    "lavfi:color=c=0x808080:s=320x180:r=10,format=rgb24[bg];color=c=0x949494:s=2x120:r=10,format=rgb24,crop=1:120:0:0[line];"
    "[bg][line]overlay=x='40+60*t':y=30,format=yuv420p";
// A fade from black into a moving test picture.
inline const std::string kFadeIn = "lavfi:testsrc2=size=480x270:rate=15,fade=in:st=0.3:d=1.5,format=yuv420p";

// Records `screen` for `seconds` at `fps` into DIR/NAME.mp4.
inline std::string record_source(const TempDir& dir, const std::string& name, const std::string& screen, int fps,
                                 int seconds) {
    const std::string out = dir.file(name + ".mp4");
    require_success(run_clipnote({"record", "--screen", screen, "--fps", std::to_string(fps), "--duration",
                                  std::to_string(seconds), "-o", out}));
    return out;
}

}  // namespace clipnote::test
