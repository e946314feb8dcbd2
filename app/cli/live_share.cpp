#include "app/cli/live_share.h"

#include <chrono>
#include <iostream>

#include "app/cli/queued_upload.h"
#include "app/share/publish_page.h"
#include "common/trace.h"
#include "upload/desktop/clipboard.h"
#include "upload/desktop/link_format.h"
#include "upload/library/history_store.h"
#include "upload/library/upload_queue.h"
#include "upload/progress_text.h"

namespace fs = std::filesystem;

namespace clipnote::cli {

std::unique_ptr<LiveShare> LiveShare::start(const ShareOptions& options, const std::string& output) {
    if (options.upload == nullptr || options.upload->count() == 0) return nullptr;
    upload::parse_link_format(options.choice.link_format);  // a bad option fails before recording
    std::string note;
    auto live = share::LiveUpload::start(upload::load_config_or_default(options.choice.config), options.choice.to,
                                         output, note);
    if (!note.empty()) std::cerr << "note: " << note << "\n";
    if (!live) return nullptr;
    std::unique_ptr<LiveShare> shell(new LiveShare);
    shell->options_ = options;
    shell->live_ = std::move(live);
    return shell;
}

bool LiveShare::track(const fs::path& recording) {
    const std::string note = live_->track(recording, options_.choice.title);
    if (!note.empty()) std::cerr << "note: " << note << "\n";
    return live_->tracked();
}

std::string LiveShare::title_for(const fs::path& recording) const {
    return options_.choice.title.empty() ? recording.filename().string() : options_.choice.title;
}

void LiveShare::copy_link_now() {
    trace_event("link-ready");  // bench/instant_link.sh: stop -> link
    copy_link(link(), title_for(live_->spool()), options_.choice, "; sending the rest...");
}

int LiveShare::finish(const fs::path& recording, double duration_s) {
    const auto stopped = std::chrono::steady_clock::now();
    const std::string& destination = live_->destination();
    upload::Progress progress;
    const share::LiveUpload::Finished f = live_->finish(recording, duration_s, progress);
    switch (f.outcome) {
        case share::LiveUpload::Finished::fell_back: {
            std::cerr << "note: the upload while recording did not go through (" << f.error
                      << "); uploading the recording now instead\n";
            upload::HistoryStore store;
            const upload::Config config = upload::load_config_or_default(options_.choice.config);
            upload::UploadQueue queue(store, config);  // keeps a reference to the config
            share::publish_pages(queue);  // a share page beside the video, where the destination asks
            try {
                const upload::UploadResult r = run_queue_item(queue, f.item_id);
                std::cout << chosen_link(options_.choice, r.url, r.media_url) << "\n" << std::flush;
                return 0;
            } catch (const std::exception& e) {
                std::cerr << "clipnote: destination \"" << destination << "\": " << e.what() << "; it stays queued as #"
                          << f.item_id << "; `clipnote queue --retry` will resume it\n";
                return 1;
            }
        }
        case share::LiveUpload::Finished::pending:
            std::cerr << "clipnote: destination \"" << destination << "\": " << f.error << "; it stays queued as #"
                      << f.item_id << "; `clipnote queue --retry` will complete it at the same link (pending until then)\n";
            std::cout << link() << "\n" << std::flush;  // already on the clipboard: works once completed
            return 1;
        case share::LiveUpload::Finished::complete: break;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - stopped).count();
    const double tenths = static_cast<int>(seconds * 10) / 10.0;
    std::cerr << "Uploaded " << recording.filename().string() << " (" << upload::format_size(f.bytes) << ") to "
              << destination << " while recording; ";
    if (f.bytes_at_stop == 0) {
        std::cerr << "complete " << tenths << " s after the recording was saved\n";
    } else {
        std::cerr << upload::format_size(f.bytes_at_stop);
        if (f.parts_at_stop > 0) std::cerr << " (" << f.parts_at_stop << (f.parts_at_stop == 1 ? " part)" : " parts)");
        std::cerr << " left at stop, sent in " << tenths << " s after the recording was saved\n";
    }
    const upload::Config config = upload::load_config_or_default(options_.choice.config);
    if (const std::string note = link_expiry_note(config.find(destination)); !note.empty()) std::cerr << note << "\n";
    std::cout << link() << "\n" << std::flush;
    return 0;
}

std::string LiveShare::link() const {
    return chosen_link(options_.choice, live_->link(), live_->media_link());
}

std::string LiveShare::status() const { return "  up " + live_->progress_text(); }

}  // namespace clipnote::cli
