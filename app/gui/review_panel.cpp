#include "app/gui/review_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cstring>
#include <filesystem>

#include "app/gui/widgets.h"

namespace clipnote::gui {

void ReviewPanel::open(const ReviewClip& clip, const AppSettings& settings) {
    file_ = clip.file;
    error_.clear();
    frames_.reset();
    try {
        frames_ = std::make_unique<VideoFrames>(clip.file, 960, 540);
    } catch (const std::exception& e) {
        error_ = e.what();
    }
    audio_ = std::make_unique<ClipAudio>(clip.file);
    duration_ = clip.duration_s > 0 ? clip.duration_s : frames_ ? frames_->duration_s() : 0;
    position_ = start_ = 0;
    end_ = float(duration_);
    playing_ = false;
    format_ = settings.share_as;
    gif_max_size_ = settings.gif_max_size;
    gif_size_state_ = {};
    const std::string stem = std::filesystem::path(clip.file).stem().string();
    std::snprintf(title_, sizeof title_, "%s", stem.c_str());
    seek(0);
}

void ReviewPanel::close() {
    if (file_.empty()) return;
    playing_ = false;
    audio_.reset();
    frames_.reset();
    file_.clear();
}

void ReviewPanel::set_playing(bool on) {
    playing_ = on;
    if (on) {
        if (position_ >= end_ - 0.05f) seek(start_);
        played_from_ = std::chrono::steady_clock::now();
        played_from_position_ = position_;
        if (audio_) audio_->play(position_, end_);
    } else if (audio_) {
        audio_->stop();
    }
}

void ReviewPanel::seek(double t) {
    position_ = float(std::clamp(t, 0.0, duration_));
    if (!frames_) return;
    try {
        if (const auto* rgba = frames_->frame_at(position_))
            picture_.upload(app_renderer(), *rgba, frames_->width(), frames_->height());
    } catch (const std::exception& e) {
        error_ = e.what();
    }
}

// Back after a GIF that could not fit: the same part and title, the format offered instead.
void ReviewPanel::apply(const ReviewOffer& offer) {
    offer_id_ = offer.id;
    if (offer.file != file_) return;
    start_ = float(std::clamp(offer.choice.start_s, 0.0, duration_));
    end_ = offer.choice.end_s > 0 ? float(std::clamp(offer.choice.end_s, double(start_), duration_)) : float(duration_);
    std::snprintf(title_, sizeof title_, "%s", offer.choice.title.c_str());
    format_ = offer.choice.format;
    gif_max_size_ = offer.choice.gif_max_size;
    seek(start_);
}

void ReviewPanel::draw(AppController& app, const AppView& view, UiState& ui) {
    if (view.review.file != file_) open(view.review, app.settings());
    if (view.review_offer.id != offer_id_) apply(view.review_offer);
    const float width = ImGui::GetContentRegionAvail().x;

    ImGui::Text("Review");
    hint(("  " + clock_text(duration_) + "   " + std::filesystem::path(file_).filename().string()).c_str());
    if (!error_.empty()) ImGui::TextColored(kWarning, "%s", error_.c_str());

    // The picture, as large as the window allows with room for the controls below it.
    const float controls_h = ImGui::GetFrameHeightWithSpacing() * 6.5f + ImGui::GetFrameHeight() * 1.8f;
    const float box_h = std::max(80.0f, ImGui::GetContentRegionAvail().y - controls_h);
    picture_.draw_fitted(ImVec2(width, box_h));

    if (playing_) {
        const double t = played_from_position_ +
                         std::chrono::duration<double>(std::chrono::steady_clock::now() - played_from_).count();
        if (t >= end_) {
            set_playing(false);
            seek(end_);
        } else {
            seek(t);
            if (audio_) audio_->pump();
        }
    }
    ui.animating = playing_;

    // Transport: play/pause and the scrubber.
    if (ImGui::Button(playing_ ? "Pause" : "Play", ImVec2(ImGui::CalcTextSize("Pause").x * 1.8f, 0)) ||
        (key_pressed(ImGuiKey_Space) && !ImGui::GetIO().WantTextInput)) {
        set_playing(!playing_);
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-FLT_MIN);  // the rest of the line
    float scrub = position_;
    if (ImGui::SliderFloat("##scrub", &scrub, 0.0f, float(duration_), clock_text(scrub).c_str())) {
        set_playing(false);
        seek(scrub);
    }
    // The part that is kept, drawn over the scrubber's track.
    if (duration_ > 0) {
        const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
        const float x0 = a.x + (b.x - a.x) * float(start_ / duration_);
        const float x1 = a.x + (b.x - a.x) * float(end_ / duration_);
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(x0, b.y - 4), ImVec2(x1, b.y), ImGui::GetColorU32(kBlue));
    }

    // Trim.
    ImGui::SetNextItemWidth(width * 0.42f);
    if (ImGui::DragFloatRange2("Keep", &start_, &end_, 0.05f, 0.0f, float(duration_), "from %.1f s", "to %.1f s",
                               ImGuiSliderFlags_AlwaysClamp)) {
        seek(std::clamp(double(position_), double(start_), double(end_)));
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("Start here")) start_ = std::min(position_, end_);
    ImGui::SameLine();
    if (ImGui::SmallButton("End here")) end_ = std::max(position_, start_);
    ImGui::SameLine();
    if (ImGui::SmallButton("Reset")) start_ = 0, end_ = float(duration_);

    ImGui::SetNextItemWidth(width * 0.55f);
    ImGui::InputText("Title", title_, sizeof title_);
    share_format_radios(format_);
    ImGui::SameLine(0, 18);
    ImGui::TextColored(kMuted, "%s of %s", clock_text(end_ - start_).c_str(), clock_text(duration_).c_str());
    if (format_ == ShareFormat::gif) gif_size_field("Fit the GIF to", gif_max_size_, gif_size_state_, width * 0.35f);

    const float half = (width - ImGui::GetStyle().ItemSpacing.x) / 2;
    const std::string share_label = "Share   (Enter)";
    const bool typing = ImGui::GetIO().WantTextInput;
    if (big_button(share_label.c_str(), kRed, kRedHover, half) ||
        (!typing && (key_pressed(ImGuiKey_Enter) || key_pressed(ImGuiKey_KeyPadEnter)))) {
        ShareChoice c;
        c.start_s = start_;
        c.end_s = end_ >= float(duration_) - 0.05f ? 0.0 : double(end_);
        c.title = title_;
        c.format = format_;
        if (c.format == ShareFormat::gif) c.gif_max_size = gif_max_size_;
        set_playing(false);
        app.share(c);
    }
    ImGui::SameLine();
    if (big_button("Don't share   (Esc)", ImVec4(0.22f, 0.24f, 0.31f, 1), ImVec4(0.29f, 0.32f, 0.41f, 1), half) ||
        (!typing && key_pressed(ImGuiKey_Escape))) {
        set_playing(false);
        app.keep_without_sharing();
    }
    ImGui::TextColored(kMuted, "Not sharing keeps the file; History lists it and can share or delete it later.");
}

}  // namespace clipnote::gui
