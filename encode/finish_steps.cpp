#include "encode/finish_steps.h"

#include <cstdio>
#include <filesystem>

#include "encode/webp_export.h"

namespace clipnote {

namespace {

std::int64_t size_of(const std::string& file) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    return ec ? 0 : std::int64_t(size);
}

}  // namespace

const char* to_string(FinishStep step) {
    switch (step) {
        case FinishStep::finalise: return "finalise";
        case FinishStep::gif: return "gif";
        case FinishStep::webp: return "webp";
    }
    return "?";
}

RecordingFinisher::RecordingFinisher(FinishJob job) : job_(std::move(job)) {
    steps_.push_back(FinishStep::finalise);
    if (job_.gif) steps_.push_back(FinishStep::gif);
    if (job_.webp) steps_.push_back(FinishStep::webp);
}

FinishResult RecordingFinisher::run(const std::function<void(FinishStep)>& on_step,
                                    const std::function<void(FinishStep, double)>& on_progress) {
    FinishResult r;
    std::string current = job_.recorded;  // the last good file the user has
    for (FinishStep step : steps_) {
        if (on_step) on_step(step);
        try {
            cancel_.check();
            if (step == FinishStep::finalise) {
                // An MP4 is finalised into the output; a GIF's or WebP's intermediate MP4 in place.
                const std::string target = job_.gif || job_.webp ? job_.recorded : job_.output;
                finalize_mp4(current, target, job_.shifts, &cancel_);
                if (target != current) std::remove(current.c_str());
                current = target;
            } else if (step == FinishStep::webp) {
                export_webp(current, job_.output, job_.gif_options, &cancel_);
                std::remove(current.c_str());
                current = job_.output;
            } else {
                GifOptions gif = job_.gif_options;
                if (on_progress) gif.on_progress = [&](double done) { on_progress(FinishStep::gif, done); };
                const GifResult made = export_gif(current, job_.output, gif, &cancel_);
                r.gif_gave_up = made.gave_up;
                r.gif_fits = made.fits;
                if (made.fits) std::remove(current.c_str());
                else r.kept_recording = current;
                current = job_.output;
            }
        } catch (const Cancelled&) {
            r.cancelled = true;
            r.note = "the recording is kept in " + current;
            break;
        } catch (const std::exception& e) {
            if (step == FinishStep::finalise) {
                // The fragmented file plays as it is; only the faststart rewrite is missing.
                r.note = std::string("kept the fragmented recording (") + e.what() + ")";
                continue;
            }
            r.error = e.what();
            r.note = "the recording is kept in " + current;
            break;
        }
    }
    r.file = current;
    r.ok = !r.cancelled && r.error.empty() && current == job_.output;
    r.bytes = size_of(current);
    return r;
}

}  // namespace clipnote
