#pragma once
// Edits config.toml as text, one table at a time, so whatever the user wrote elsewhere in the
// file (destinations, comments, key order) stays byte-for-byte. Every edit is checked by parsing
// the whole new text as a clipnote config before it replaces the file (atomically, mode 0600).
#include <filesystem>
#include <string>
#include <vector>

namespace clipnote::gui {

// Changes whenever the file is written (modification time and size); "" when it does not exist.
// Screens that show what config.toml holds re-read it only when this changes, not every frame.
std::string file_stamp(const std::filesystem::path& path);

class ConfigFile {
public:
    explicit ConfigFile(std::filesystem::path path);

    const std::filesystem::path& path() const { return path_; }
    const std::string& text() const { return text_; }

    // The text of table `header` (e.g. "destination.team-s3"), header line included; "" if absent.
    std::string table(const std::string& header) const;
    // Replaces table `header` with `toml` (which may hold several tables), or appends it when
    // absent; an empty `toml` removes the table.
    void set_table(const std::string& header, const std::string& toml);
    // Names of the [destination.NAME] tables, in file order.
    std::vector<std::string> destination_names() const;

    // Checks the text as a clipnote config (throws Error naming the file and field), then writes.
    void save();

private:
    struct Span {
        size_t begin = 0, end = 0;
    };
    std::vector<std::pair<std::string, Span>> tables() const;
    size_t comments_before(size_t pos) const;

    std::filesystem::path path_;
    std::string text_;
};

}  // namespace clipnote::gui
