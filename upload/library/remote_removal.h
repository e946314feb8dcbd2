#pragma once
// Deleting a shared recording from where it went (History's Delete, `clipnote history --delete`):
// the file, and the share page and poster beside it in its folder (app/share/publish_page.h).
#include "upload/config.h"
#include "upload/destination.h"
#include "upload/library/history_store.h"

namespace clipnote::upload {

// Removes what queue item `item` put on its destination. Returns how many files were asked to go
// (0 for kinds that keep no folders: a chat post, an sxcu upload). A file that is not there is
// fine; throws Error (the destination's one line) when the server refuses.
int remove_from_destination(const Config& config, const QueueItem& item, Progress& progress);

}  // namespace clipnote::upload
