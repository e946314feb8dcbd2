#pragma once
// The History screen: every recording with a thumbnail, its duration, size, destination, state
// and link; copy the link (URL, Markdown, Slack, HTML), open the file or its folder, upload it
// again, retry a failed upload, delete (after asking).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/gui/app_controller.h"
#include "app/gui/texture.h"
#include "app/gui/ui_state.h"
#include "upload/library/history_store.h"

namespace clipnote::gui {

class HistoryPanel {
public:
    void draw(AppController& app, const AppView& view, UiState& ui);

private:
    void reload(AppController& app);
    void draw_row(AppController& app, const upload::HistoryEntry& e, size_t index, UiState& ui);
    const Texture* thumbnail(const std::string& file, bool& pending);

    std::uint64_t loaded_version_ = ~0ull;
    std::vector<upload::HistoryEntry> entries_;
    std::string load_error_;
    size_t selected_ = 0;
    bool loaded_one_thumbnail_ = false;  // thumbnails are decoded one per frame
    std::map<std::string, Texture> thumbnails_;
    std::map<std::string, bool> no_thumbnail_;  // files that have none (gone, unreadable)
    std::optional<upload::HistoryEntry> confirm_delete_;
    bool delete_file_ = true;
};

}  // namespace clipnote::gui
