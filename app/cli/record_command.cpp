// `clipnote record`: maps the friendly options onto sources, runs the Recorder, shows a live
// status line on a terminal and a summary at the end.
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <thread>

#include "app/cli/commands.h"
#include "app/cli/gif_alternatives.h"
#include "app/cli/live_share.h"
#include "app/cli/share_recording.h"
#include "app/cli/status_line.h"
#include "app/cli/stop_signals.h"
#include "app/share/click_highlight.h"
#include "common/error.h"
#include "common/size_text.h"
#include "capture/screen_backend.h"
#include "capture/x11_display.h"
#include "encode/output_paths.h"
#include "encode/recorder.h"
#include "upload/library/history_store.h"
#include "upload/library/recording_marker.h"

namespace clipnote::cli {

namespace {

struct RecordArgs {
    std::string screen, monitor, region, window, camera, bubble, mic, system_audio, preset, x264_params, output, format;
    bool camera_only = false, adaptive = false, click_highlight = false, gif_dither = false;
    int fps = 0, crf = 23, width = 480, gif_quality = 80;
    std::string max_size;
    double duration = 0;
    ShareOptions share;  // --upload and friends (share_recording.h)
    std::string saved;   // the finished recording, for share_recording
    double saved_s = 0;
    // In History from the start, so a kill -9 leaves it listed (taken back once it is listed).
    std::unique_ptr<upload::RecordingMarker> marker;
    // --upload to S3: the upload runs during the recording (live_share.h).
    std::unique_ptr<LiveShare> live;
    CLI::Option *screen_opt, *camera_opt, *mic_opt, *system_opt, *bubble_opt, *fps_opt, *preset_opt;
};

// The picture source from --screen/--region/--window (whole screen of $DISPLAY by default).
SourceSpec picture_source(const RecordArgs& a, int fps) {
    const bool portal = a.screen == "portal" || a.screen.rfind("portal:", 0) == 0 ||
                        (a.screen.empty() && choose_screen_backend().format == "portal");
    if (portal) {
        if (!a.window.empty())
            throw Error("--window needs X11; under Wayland use --screen portal:window (the desktop asks which window)");
        if (!a.monitor.empty())
            throw Error("--monitor needs X11; under Wayland the desktop's sharing dialog picks the monitor");
        return portal_source(a.screen.empty() ? "portal" : a.screen, a.region);
    }
    if (!a.screen.empty() && (a.screen.find(':') != std::string::npos && a.screen[0] != ':')) {
        SourceSpec s = parse_source(a.screen, "x11grab");
        if (s.format == "x11grab" && !s.options.count("framerate")) s.options["framerate"] = std::to_string(fps);
        return s;
    }
    const std::string display = a.screen.empty() ? display_from_environment() : a.screen;
    const Region screen = screen_bounds(display);
    if (!a.region.empty()) return region_source(display, clip_to_screen(parse_region(a.region), screen), fps);
    if (!a.window.empty()) return region_source(display, clip_to_screen(find_window(display, a.window).bounds, screen), fps);
    // Full screen is one monitor: the pointer's, or --monitor's.
    const std::vector<MonitorInfo> monitors = list_monitors(display);
    const MonitorInfo m = choose_monitor(monitors, pointer_position(display), a.monitor, display);
    if (monitors.size() > 1)
        std::cerr << "Recording monitor " << m.index << " (" << describe(m) << ")"
                  << (a.monitor.empty() ? ", the one under the pointer (--monitor picks another)" : "") << "\n";
    return monitor_source(display, m, fps);
}

// A recording cut short (full disk, lost display, failed GIF step) is kept: History lists it too.
void list_kept(const std::string& file, double duration_s) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return;
    try {
        upload::HistoryStore().add_recording(file, duration_s);
    } catch (const std::exception& e) {
        std::cerr << "note: the recording is not in the history: " << e.what() << "\n";
    }
}

// Runs `work` on a thread of its own while this one listens for Ctrl-C and SIGTERM, which call
// `interrupt` (after which `work` should end soon).
void run_interruptible(StopSignals& signals, const std::function<void()>& work, const std::function<void()>& interrupt) {
    std::atomic<bool> over{false};
    std::thread worker([&] {
        work();
        over = true;
        StopSignals::wake();
    });
    while (!over) {
        if (signals.wait(500)) interrupt();
    }
    worker.join();
}

int run_record(RecordArgs& a) {
    RecordOptions o;
    std::string format = a.format;
    if (format.empty()) {
        const std::string ext = std::filesystem::path(a.output).extension().string();
        format = ext == ".gif" ? "gif" : ext == ".webp" ? "webp" : "mp4";
    }
    if (format != "mp4" && format != "gif" && format != "webp") throw Error("--format must be mp4, gif or webp");
    const bool gif = format == "gif", webp = format == "webp";
    o.format = gif ? OutputFormat::gif : webp ? OutputFormat::webp : OutputFormat::mp4;
    o.fps = a.fps > 0 ? a.fps : (gif || webp ? 15 : 30);
    if (o.fps < 1 || o.fps > 120) throw Error("--fps must be between 1 and 120");
    if ((gif || webp) && o.fps > 50) throw Error("--fps must be at most 50 for a GIF or WebP");
    if (a.crf < 0 || a.crf > 51) throw Error("--crf must be between 0 and 51");
    o.crf = a.crf;
    o.preset = a.preset;
    o.x264_params = a.x264_params;
    // An explicit preset or x264 settings are taken exactly; --adaptive asks for stepping anyway.
    o.adaptive = a.adaptive || (a.preset_opt->count() == 0 && a.x264_params.empty());
    if (a.adaptive && !a.x264_params.empty()) throw Error("--adaptive and --x264-params do not go together");
    o.duration_s = a.duration;
    if (a.duration < 0) throw Error("--duration must be positive");
    o.gif.fps = o.fps;
    o.gif.width = a.width;
    o.gif.quality = a.gif_quality;
    o.gif.dither = a.gif_dither;
    if (a.gif_dither && !gif) throw Error("--dither is for GIF recordings (-o NAME.gif or --format gif)");
    if (!a.max_size.empty()) {
        if (!gif) throw Error("--max-size is for GIF recordings (-o NAME.gif or --format gif)");
        o.gif.max_bytes = int64_t(parse_size(a.max_size));
    }

    const bool want_camera = a.camera_only || a.camera_opt->count() > 0;
    if (want_camera) o.camera = camera_source(a.camera, o.fps);
    o.camera_only = a.camera_only;
    if (!a.camera_only) o.screen = picture_source(a, o.fps);
    if (a.click_highlight) {
        if (!o.screen) throw Error("--click-highlight is for screen recordings");
        o.click_rings = share::click_highlight_for(*o.screen);
    }
    if (a.bubble_opt->count()) o.bubble = a.bubble;
    if (a.mic_opt->count()) o.mic = mic_source(a.mic);
    if (a.system_opt->count()) o.system_audio = system_audio_source(a.system_audio);

    o.output = a.output.empty() ? default_recording_path(format) : a.output;
    ensure_writable(o.output);
    a.live = LiveShare::start(a.share, o.output);
    if (a.live) o.sink = a.live->sink_factory();

    Recorder recorder;
    StopSignals signals;
    recorder.on_state_change(&StopSignals::wake);
    recorder.start(o);
    // A live upload's queue item lists the recording in History (and finishes it after a crash);
    // any other recording gets the placeholder that a crash turns into an "interrupted" entry.
    if (!a.live || !a.live->track(recorder.snapshot().output)) {
        try {
            a.marker = std::make_unique<upload::RecordingMarker>(recorder.snapshot().output);
        } catch (const std::exception& e) {
            std::cerr << "note: the recording is not in the history: " << e.what() << "\n";
        }
    }
    const bool tty = isatty(STDERR_FILENO);
    bool stop_sent = false;
    for (;;) {
        const bool signalled = signals.wait(tty ? 250 : 500);
        const RecorderSnapshot s = recorder.snapshot();
        if (s.state == RecorderState::done || s.state == RecorderState::failed) break;
        if (signalled && !stop_sent) {
            recorder.stop();
            stop_sent = true;
        }
        if (tty) std::cerr << "\r\033[K" << status_line(s) << (a.live ? a.live->status() : "") << std::flush;
    }
    RecorderSnapshot s = recorder.wait();
    if (tty) std::cerr << "\r\033[K";
    if (a.live && s.state == RecorderState::done) a.live->copy_link_now();  // the object follows in moments
    if (s.state == RecorderState::failed) {
        std::cerr << "clipnote: " << s.error << (s.note.empty() ? "" : "; " + s.note) << "\n";
        if (!s.output.empty()) list_kept(s.output, s.elapsed_s);
        return 1;
    }

    // Finish steps (faststart rewrite, GIF) on a thread of their own; Ctrl-C now cancels them and
    // keeps the recording as it is.
    RecordingFinisher finisher(finish_job(o, s));
    FinishResult finished;
    run_interruptible(signals, [&] {
        finished = finisher.run(
            [&](FinishStep step) {
                if (tty)
                    std::cerr << "\r\033[K"
                              << (step == FinishStep::gif ? "making the GIF..." : step == FinishStep::webp ? "making the WebP..." : "finishing...")
                              << std::flush;
            },
            [&](FinishStep, double done) {
                if (tty) std::cerr << "\r\033[Kmaking the GIF... " << int(done * 100) << "%" << std::flush;
            });
    }, [&] { finisher.cancel(); });
    if (tty) std::cerr << "\r\033[K";
    if (!finished.error.empty()) {
        std::cerr << "clipnote: " << finished.error << (finished.note.empty() ? "" : "; " + finished.note) << "\n";
        list_kept(finished.file, s.elapsed_s);
        return 1;
    }
    s.output = finished.file;
    s.bytes = finished.bytes;
    if (!finished.note.empty()) s.note = s.note.empty() ? finished.note : s.note + "; " + finished.note;
    const std::string bad_packets = bad_packets_text(s);
    std::cerr << "Saved " << s.output << "  (" << format_duration(s.elapsed_s) << ", " << format_bytes(s.bytes) << ", "
              << s.frames << " frames, " << s.dropped << " dropped, " << s.duplicated << " duplicated"
              << (bad_packets.empty() ? "" : ", " + bad_packets) << ")\n";
    if (!s.note.empty()) std::cerr << "note: " << s.note << "\n";
    if (!finished.gif_gave_up.empty()) std::cerr << "To fit " << a.max_size << ": " << finished.gif_gave_up << "\n";
    if (!finished.gif_fits) {
        std::cerr << "note: the GIF is still larger than " << a.max_size << " at the smallest settings; the recording is kept:\n";
        // Measuring the WebP encodes the whole clip: on a thread, so Ctrl-C skips it.
        if (tty) std::cerr << "measuring an animated WebP..." << std::flush;
        CancelFlag measuring;
        std::string offers;
        run_interruptible(signals, [&] { offers = gif_alternatives(finished.kept_recording, s.output, o.gif, &measuring); },
                          [&] { measuring.cancel(); });
        if (tty) std::cerr << "\r\033[K";
        std::cerr << offers;
    }
    if (!s.preset.empty() && s.preset != o.preset)
        std::cerr << "note: the encoder fell behind and stepped from preset " << o.preset << " to " << s.preset << "\n";
    std::cout << s.output << "\n";
    a.saved = s.output;
    a.saved_s = s.elapsed_s;
    return 0;
}

}  // namespace

Command add_record_command(CLI::App& app) {
    auto args = std::make_shared<RecordArgs>();
    auto* cmd = app.add_subcommand("record", "Record the screen, a region, a window and/or the webcam, with audio");
    RecordArgs& a = *args;
    a.screen_opt = cmd->add_option("--screen", a.screen, "Whole screen (X11: $DISPLAY; Wayland: the ScreenCast portal), another display (:1), portal[:monitor|window], or FORMAT:URL")
                       ->expected(0, 1);
    auto* region = cmd->add_option("--region", a.region, "Record the rectangle WxH+X+Y of the screen");
    auto* window = cmd->add_option("--window", a.window, "Record the window with this id (0x...) or title");
    region->excludes(window);
    auto* monitor = cmd->add_option("--monitor", a.monitor,
                                    "Record this monitor, by name or number (see `clipnote devices`; default: the one "
                                    "under the pointer)");
    monitor->excludes(region)->excludes(window);
    a.camera_opt = cmd->add_option("--camera", a.camera, "Add the webcam as a bubble (default /dev/video0, or FORMAT:URL)")
                       ->expected(0, 1);
    cmd->add_flag("--camera-only", a.camera_only, "Record only the webcam");
    cmd->add_flag("--click-highlight", a.click_highlight, "Draw a ring where the mouse is clicked (X11)");
    a.bubble_opt = cmd->add_option("--bubble", a.bubble, "Webcam bubble CORNER,SIZE: tl|tr|bl|br, % of screen height or px (default br,25%)");
    a.mic_opt = cmd->add_option("--mic", a.mic, "Record the microphone (default PulseAudio source, or FORMAT:URL)")->expected(0, 1);
    a.system_opt = cmd->add_option("--system-audio", a.system_audio, "Record what the computer plays (default sink's monitor)")
                       ->expected(0, 1);
    a.fps_opt = cmd->add_option("--fps", a.fps, "Frames per second (default 30; 15 for GIF)");
    cmd->add_option("--crf", a.crf, "H.264 quality, 0-51, lower is better (default 23)");
    a.preset = "superfast";
    a.preset_opt = cmd->add_option("--preset", a.preset,
                                   "x264 preset, used exactly as x264 defines it (default: superfast, stepping to "
                                   "ultrafast if the machine falls behind)");
    cmd->add_flag("--adaptive", a.adaptive, "With --preset: still step to faster presets when falling behind");
    cmd->add_option("--x264-params", a.x264_params, "Extra x264 settings, key=value:key=value (for experts)");
    cmd->add_option("--duration", a.duration, "Stop after this many seconds (default: Ctrl-C)");
    cmd->add_option("-o,--output", a.output, "Output file, .mp4, .gif or .webp (default $XDG_VIDEOS_DIR/clipnote/<date-time>.<format>, mp4 unless --format)");
    cmd->add_option("--format", a.format, "mp4, gif or webp (animated WebP) (default: from the file name)");
    cmd->add_option("--quality", a.gif_quality, "GIF/WebP quality 1..100 (default 80)")->check(CLI::Range(1, 100));
    cmd->add_flag("--dither", a.gif_dither, "GIF: dither gradients with a pattern that stays still from frame to frame (larger)");
    cmd->add_option("--max-size", a.max_size, "Fit the GIF under this size, e.g. 2MB (Slack inline), 10MB (Discord)");
    cmd->add_option("--width", a.width, "GIF/WebP width in pixels (default 480)");
    add_share_options(*cmd, a.share);
    return [args] {
        const int rc = run_record(*args);  // its signal handlers are gone before an upload starts its own
        int shared = rc;
        if (rc != 0 && args->live) args->live->abandon();  // nothing left in the bucket
        else if (args->live) shared = args->live->finish(args->saved, args->saved_s);
        else if (rc == 0) shared = share_recording(args->share, args->saved, args->saved_s);
        args->live.reset();
        args->marker.reset();  // listed now (or discarded): the placeholder goes
        return shared;
    };
}

}  // namespace clipnote::cli
