#pragma once
// The History screen: every recording with a thumbnail, its duration, size, destination, state
// and link; copy the link (URL, Markdown, Slack, HTML), open the file or its folder, upload it
// again, retry a failed upload, delete (after asking).
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/gui/app_controller.h"
#include "app/gui/background_worker.h"
#include "app/gui/texture.h"
#include "app/gui/ui_state.h"
#include "upload/desktop/link_format.h"
#include "upload/library/history_store.h"

namespace clipnote::gui {

// What the History screen lists, read on the panel's worker thread.
struct HistoryList {
    std::vector<upload::HistoryEntry> entries;
    std::vector<bool> file_there;  // by entry: the recording is still on disk
    std::string error;             // why the history could not be read ("" = entries are fresh)
};

class HistoryPanel {
public:
    void draw(AppController& app, const AppView& view, UiState& ui);

private:
    // Asks the worker for the list again; the frame goes on with the one it has.
    void reload(const UiState& ui);
    void draw_row(AppController& app, const upload::HistoryEntry& e, bool file_there, size_t index, UiState& ui);
    const Texture* thumbnail(const std::string& file, bool& pending);
    // Hands `text` to the clipboard on the worker, then shows `toast`.
    // `url` shaped by `format` (titled `title`), with its text/html twin; then `toast`.
    void copy(AppController& app, upload::LinkFormat format, const std::string& url, const std::string& title,
              const std::string& toast);
    // xdg-open on the worker; a problem goes to the window's messages when `report`.
    void open_in_desktop(AppController& app, const std::string& path, bool report);
    BackgroundWorker& worker();
    // Traces "history-ready" (CLIPNOTE_TRACE) the first time the list drawn is the newest, complete.
    void trace_ready(bool thumbnails_pending);

    std::uint64_t loaded_version_ = ~0ull;
    bool have_list_ = false;  // the first list arrived
    std::vector<upload::HistoryEntry> entries_;
    std::vector<bool> file_there_;
    std::string load_error_;
    size_t selected_ = 0;
    bool loaded_one_thumbnail_ = false;  // thumbnails are decoded one per frame
    std::map<std::string, Texture> thumbnails_;
    std::map<std::string, bool> no_thumbnail_;  // files that have none (gone, unreadable)
    std::optional<upload::HistoryEntry> confirm_delete_;
    bool delete_file_ = true;
    bool delete_remote_ = true;  // the video, its page and poster on the destination
    // CLIPNOTE_TRACE: "history-ready" once the list on screen is complete (loaded, every thumbnail drawn).
    bool awaiting_list_ = false;  // a reload is on its way
    bool traced_ready_ = false;
    int last_drawn_frame_ = -1;
    std::shared_ptr<Mailbox<HistoryList>> loaded_ = std::make_shared<Mailbox<HistoryList>>();
    std::unique_ptr<BackgroundWorker> worker_;  // last: joined before the rest goes
};

}  // namespace clipnote::gui
