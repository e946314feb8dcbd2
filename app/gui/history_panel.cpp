#include "app/gui/history_panel.h"

#include <SDL.h>
#include <imgui.h>

#include <ctime>
#include <filesystem>

#include "app/gui/desktop_open.h"
#include "app/gui/video_frames.h"
#include "app/gui/widgets.h"
#include "common/trace.h"
#include "upload/desktop/clipboard.h"
#include "upload/desktop/link_format.h"

namespace clipnote::gui {

namespace fs = std::filesystem;

namespace {

constexpr float kThumbWidth = 128, kThumbHeight = 72;

std::string when_text(std::int64_t unix_seconds) {
    const std::time_t t = std::time_t(unix_seconds);
    std::tm local{};
    localtime_r(&t, &local);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &local);
    return text;
}

bool can_retry(const upload::HistoryEntry& e) { return e.state == "failed" || e.state == "queued" || e.state == "pending"; }

// Never throws (a folder we may not read is "not there").
bool exists(const std::string& path) {
    std::error_code ec;
    return fs::exists(path, ec);
}

}  // namespace

BackgroundWorker& HistoryPanel::worker() {
    if (!worker_) worker_ = std::make_unique<BackgroundWorker>();
    return *worker_;
}

void HistoryPanel::reload(const UiState& ui) {
    worker().post_latest("history", [loaded = loaded_, wake = ui.wake] {
        HistoryList list;
        try {
            upload::HistoryStore store;
            list.entries = store.history(200);
            // The recording under way has a placeholder ("recording"); the app shows it elsewhere.
            std::erase_if(list.entries, [](const upload::HistoryEntry& e) { return e.state == "recording"; });
        } catch (const std::exception& e) {
            list.error = e.what();
        }
        for (const auto& e : list.entries) list.file_there.push_back(exists(e.file));
        loaded->put(std::move(list));
        if (wake) wake();
    });
}

void HistoryPanel::copy(AppController& app, upload::LinkFormat format, const std::string& url,
                        const std::string& title, const std::string& toast) {
    worker().post([&app, text = upload::format_link(format, url, title),
                   html = upload::clipboard_html(format, url, title), toast] {
        upload::copy_to_clipboard(text, html);
        app.show_toast(toast);
    });
}

void HistoryPanel::open_in_desktop(AppController& app, const std::string& path, bool report) {
    worker().post([&app, path, report] {
        if (auto problem = open_with_desktop(path); !problem.empty() && report) app.add_message(problem);
    });
}

const Texture* HistoryPanel::thumbnail(const std::string& file, bool& pending) {
    if (auto it = thumbnails_.find(file); it != thumbnails_.end()) return &it->second;
    if (no_thumbnail_.count(file)) return nullptr;
    if (loaded_one_thumbnail_) {
        pending = true;  // the next frame takes the next one, so the list never stalls
        return nullptr;
    }
    loaded_one_thumbnail_ = true;
    try {
        VideoFrames frames(file, int(kThumbWidth * 2), int(kThumbHeight * 2));
        const double at = std::min(0.5, frames.duration_s() / 2);
        if (const auto* rgba = frames.frame_at(at)) {
            Texture& t = thumbnails_[file];
            t.upload(app_renderer(), *rgba, frames.width(), frames.height());
            return &t;
        }
    } catch (const std::exception&) {
    }
    no_thumbnail_[file] = true;
    return nullptr;
}

void HistoryPanel::draw_row(AppController& app, const upload::HistoryEntry& e, bool file_there, size_t index,
                            UiState& ui) {
    ImGui::PushID(int(e.id));
    const float scale = ImGui::GetIO().FontGlobalScale;
    // The row draws on channel 1; its selection background goes under it on channel 0 once
    // the row's height is known.
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->ChannelsSplit(2);
    draw->ChannelsSetCurrent(1);
    ImGui::BeginGroup();

    // Thumbnail.
    bool pending = false;
    const Texture* thumb = file_there ? thumbnail(e.file, pending) : nullptr;
    ImGui::BeginGroup();
    if (thumb && *thumb) {
        thumb->draw_fitted(ImVec2(kThumbWidth * scale, kThumbHeight * scale));
    } else {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + kThumbWidth * scale, p.y + kThumbHeight * scale),
                                                  ImGui::GetColorU32(ImGuiCol_FrameBg), 4);
        ImGui::Dummy(ImVec2(kThumbWidth * scale, kThumbHeight * scale));
    }
    if (pending) ui.animating = true;
    ImGui::EndGroup();
    ImGui::SameLine();

    // What it is, where it went.
    ImGui::BeginGroup();
    ImGui::TextUnformatted(fs::path(e.file).filename().string().c_str());
    const ImVec4 state_color = e.state == "uploaded" ? kGreen : e.state == "failed" ? kRed : kMuted;
    ImGui::SameLine();
    ImGui::TextColored(state_color, "%s", e.state.c_str());
    if (!e.note.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", e.note.c_str());  // "sent while recording"
    ImGui::TextColored(kMuted, "%s   %s   %s%s%s", when_text(e.time).c_str(),
                       e.duration_s > 0 ? clock_text(e.duration_s).c_str() : "", size_text(double(e.size)).c_str(),
                       e.destination.empty() ? "" : "   to ", e.destination.c_str());
    if (!e.link.empty()) {
        const struct {
            const char* label;
            upload::LinkFormat format;
        } formats[] = {{"Copy link", upload::LinkFormat::plain},
                       {"Markdown", upload::LinkFormat::markdown},
                       {"Slack", upload::LinkFormat::slack},
                       {"HTML", upload::LinkFormat::html}};
        const std::string title = fs::path(e.file).stem().string();
        for (const auto& f : formats) {
            if (ImGui::SmallButton(f.label))
                copy(app, f.format, e.link, title,
                     std::string(f.label == formats[0].label ? "Link" : f.label) + " copied");
            ImGui::SameLine();
        }
        // The link is the share page; the file's own link is there for players and embeds.
        if (!e.media_link.empty()) {
            if (ImGui::SmallButton("Video link")) copy(app, upload::LinkFormat::video, e.media_link, title, "Video link copied");
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("The video file itself, without its share page");
            ImGui::SameLine();
        }
        ImGui::NewLine();
    }
    if (file_there) {
        if (ImGui::SmallButton("Open")) open_in_desktop(app, e.file, true);
        ImGui::SameLine();
        if (ImGui::SmallButton("Folder")) open_in_desktop(app, fs::path(e.file).parent_path().string(), true);
        ImGui::SameLine();
        if (can_retry(e)) {
            if (ImGui::SmallButton("Retry")) app.retry(e);
        } else if (ImGui::SmallButton(e.link.empty() ? "Share" : "Upload again")) {
            app.reupload(e, app.settings().destination);
        }
        ImGui::SameLine();
    } else {
        ImGui::TextColored(kMuted, "file deleted");
        ImGui::SameLine();
    }
    if (ImGui::SmallButton("Delete")) {
        confirm_delete_ = e;
        trace_event("delete-asked");
    }
    ImGui::EndGroup();
    ImGui::EndGroup();
    draw->ChannelsSetCurrent(0);
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    if (index == selected_)
        draw->AddRectFilled(ImVec2(a.x - 6, a.y - 4), ImVec2(a.x + ImGui::GetContentRegionAvail().x + 6, b.y + 4),
                            ImGui::GetColorU32(ImVec4(0.20f, 0.23f, 0.32f, 1.0f)), 6);
    draw->ChannelsMerge();
    if (ImGui::IsItemClicked()) selected_ = index;
    ImGui::PopID();
    ImGui::Separator();
}

void HistoryPanel::trace_ready(bool thumbnails_pending) {
    if (traced_ready_ || awaiting_list_ || thumbnails_pending) return;
    traced_ready_ = true;
    trace_event("history-ready");
}

void HistoryPanel::draw(AppController& app, const AppView& view, UiState& ui) {
    // Shown again (not drawn in the frame before): trace "history-ready" again once complete.
    if (ImGui::GetFrameCount() != last_drawn_frame_ + 1) traced_ready_ = false;
    last_drawn_frame_ = ImGui::GetFrameCount();
    if (view.history_version != loaded_version_ || ImGui::IsWindowAppearing()) {
        loaded_version_ = view.history_version;
        reload(ui);
        awaiting_list_ = true;
        traced_ready_ = false;
    }
    if (auto list = loaded_->take()) {
        have_list_ = true;
        awaiting_list_ = false;
        load_error_ = list->error;
        if (list->error.empty()) {
            entries_ = std::move(list->entries);
            file_there_ = std::move(list->file_there);
        }
        if (selected_ >= entries_.size()) selected_ = entries_.empty() ? 0 : entries_.size() - 1;
    }
    if (!have_list_) return;  // the first list is on its way
    loaded_one_thumbnail_ = false;
    if (!load_error_.empty()) ImGui::TextColored(kWarning, "%s", load_error_.c_str());
    if (entries_.empty()) {
        ImGui::TextColored(kMuted, "Nothing recorded yet. Recordings and their links show up here.");
        trace_ready(false);
        return;
    }
    ImGui::TextColored(kMuted, "%zu recording%s", entries_.size(), entries_.size() == 1 ? "" : "s");
    ImGui::PushStyleColor(ImGuiCol_Text, kMuted);
    ImGui::TextWrapped("Keys: Up/Down select, Enter copy link, R retry or upload again, O open, Del delete");
    ImGui::PopStyleColor();

    // Keys act on the selected row (when no text field and no dialog has the keyboard).
    if (!confirm_delete_ && !ImGui::GetIO().WantTextInput) {
        if (key_pressed(ImGuiKey_DownArrow) && selected_ + 1 < entries_.size()) ++selected_;
        if (key_pressed(ImGuiKey_UpArrow) && selected_ > 0) --selected_;
        const upload::HistoryEntry& e = entries_[selected_];
        const bool file_there = file_there_[selected_];
        if (key_pressed(ImGuiKey_Enter) && !e.link.empty()) copy(app, upload::LinkFormat::plain, e.link, fs::path(e.file).stem().string(), "Link copied");
        if (key_pressed(ImGuiKey_Delete)) {
            confirm_delete_ = e;
            trace_event("delete-asked");
        }
        if (scancode_pressed(SDL_SCANCODE_R) && file_there) {
            if (can_retry(e)) app.retry(e);
            else app.reupload(e, app.settings().destination);
        }
        if (scancode_pressed(SDL_SCANCODE_O) && file_there) open_in_desktop(app, e.file, false);
    }

    ImGui::BeginChild("history-list", ImVec2(0, 0), false);
    for (size_t i = 0; i < entries_.size(); ++i) draw_row(app, entries_[i], file_there_[i], i, ui);
    ImGui::EndChild();
    trace_ready(ui.animating);  // animating: a thumbnail is still to come

    if (confirm_delete_) ImGui::OpenPopup("Delete recording?");
    if (ImGui::BeginPopupModal("Delete recording?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::Text("Delete %s from History?", fs::path(confirm_delete_ ? confirm_delete_->file : "").filename().c_str());
        ImGui::Checkbox("Also delete the file from disk", &delete_file_);
        const bool shared = confirm_delete_ && !confirm_delete_->link.empty() && confirm_delete_->queue_id != 0;
        if (shared) {
            const std::string label = "Also delete it from " + confirm_delete_->destination + " (the link stops working)";
            ImGui::Checkbox(label.c_str(), &delete_remote_);
        } else {
            ImGui::TextColored(kMuted, "Links already shared keep working on their server.");
        }
        const bool yes = ImGui::Button("Delete   (Enter)") || key_pressed(ImGuiKey_Enter);
        ImGui::SameLine();
        const bool no = ImGui::Button("Keep   (Esc)") || key_pressed(ImGuiKey_Escape);
        if (yes && confirm_delete_) {
            thumbnails_.erase(confirm_delete_->file);
            app.remove(*confirm_delete_, delete_file_, shared && delete_remote_);
        }
        if (yes || no) {
            confirm_delete_.reset();
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
}

}  // namespace clipnote::gui
