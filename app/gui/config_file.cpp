#include "app/gui/config_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fstream>
#include <regex>
#include <sstream>

#include "common/error.h"
#include "upload/config.h"

namespace clipnote::gui {

namespace fs = std::filesystem;

std::string file_stamp(const fs::path& path) {
    std::error_code ec;
    const auto time = fs::last_write_time(path, ec);
    if (ec) return {};
    return std::to_string(time.time_since_epoch().count()) + "/" + std::to_string(fs::file_size(path, ec));
}

ConfigFile::ConfigFile(fs::path path) : path_(std::move(path)) {
    std::ifstream in(path_, std::ios::binary);
    if (in) {
        std::ostringstream s;
        s << in.rdbuf();
        text_ = s.str();
    }
}

// Where the comment and blank lines just above the line at `pos` begin: they introduce the next
// table, so they stay with it.
size_t ConfigFile::comments_before(size_t pos) const {
    size_t start = pos;  // always the start of a line
    while (start > 0) {
        const size_t newline = start >= 2 ? text_.rfind('\n', start - 2) : std::string::npos;
        const size_t line_start = newline == std::string::npos ? 0 : newline + 1;
        const std::string line = text_.substr(line_start, start - line_start);
        const size_t first = line.find_first_not_of(" \t\r\n");
        if (first != std::string::npos && line[first] != '#') break;  // a key or a header: stop
        start = line_start;
    }
    return start;
}

namespace {

enum class Inside { nothing, basic_multiline, literal_multiline };

// Where a value has got to at the end of a line: inside a """ or ''' string, or an array (or
// inline table) that goes on to the next line. A line inside a value is never a table header,
// even one that reads "[app]".
struct ValueState {
    Inside string = Inside::nothing;
    int open = 0;  // [ and { not closed yet
    bool inside() const { return string != Inside::nothing || open > 0; }
};

ValueState scan_line(const std::string& line, ValueState state) {
    size_t i = 0;
    auto run_of = [&](char q) {  // a closing delimiter takes up to two more quotes of the string
        size_t n = 0;
        while (i + n < line.size() && line[i + n] == q && n < 5) ++n;
        return n;
    };
    while (i < line.size()) {
        const char c = line[i];
        if (state.string == Inside::basic_multiline) {
            if (c == '\\') {
                i += 2;
            } else if (line.compare(i, 3, "\"\"\"") == 0) {
                i += run_of('"');
                state.string = Inside::nothing;
            } else {
                ++i;
            }
        } else if (state.string == Inside::literal_multiline) {
            if (line.compare(i, 3, "'''") == 0) {
                i += run_of('\'');
                state.string = Inside::nothing;
            } else {
                ++i;
            }
        } else if (c == '#') {
            break;  // a comment to the end of the line
        } else if (line.compare(i, 3, "\"\"\"") == 0) {
            i += 3;
            state.string = Inside::basic_multiline;
        } else if (line.compare(i, 3, "'''") == 0) {
            i += 3;
            state.string = Inside::literal_multiline;
        } else if (c == '"') {  // "…" with escapes, on this line
            for (++i; i < line.size() && line[i] != '"'; ++i)
                if (line[i] == '\\') ++i;
            ++i;
        } else if (c == '\'') {  // '…' as written, on this line
            i = line.find('\'', i + 1);
            i = i == std::string::npos ? line.size() : i + 1;
        } else {
            if (c == '[' || c == '{') ++state.open;
            if ((c == ']' || c == '}') && state.open > 0) --state.open;
            ++i;
        }
    }
    return state;
}

// A header's dotted key as plain names: ["destination" . 'my dest'] is destination.my dest.
std::string plain_key(const std::string& key) {
    std::string out;
    for (size_t i = 0; i < key.size(); ++i) {
        const char c = key[i];
        if (c == '"') {  // "…" with escapes
            for (++i; i < key.size() && key[i] != '"'; ++i) {
                if (key[i] == '\\' && i + 1 < key.size()) ++i;
                out += key[i];
            }
        } else if (c == '\'') {  // '…' as written
            for (++i; i < key.size() && key[i] != '\''; ++i) out += key[i];
        } else if (c != ' ' && c != '\t') {  // blanks only around the dots
            out += c;
        }
    }
    return out;
}

}  // namespace

// Each table runs from its header line to the next header line (of a table or an array of
// tables), less the comments that introduce that next one.
std::vector<std::pair<std::string, ConfigFile::Span>> ConfigFile::tables() const {
    static const std::regex header(R"(^[ \t]*\[(\[?)[ \t]*([^\]\[]+?)[ \t]*\]\]?[ \t]*(#.*)?$)");
    std::vector<std::pair<std::string, Span>> out;
    size_t pos = 0;
    ValueState value;
    while (pos < text_.size()) {
        size_t eol = text_.find('\n', pos);
        const size_t next = eol == std::string::npos ? text_.size() : eol + 1;
        std::string line = text_.substr(pos, (eol == std::string::npos ? text_.size() : eol) - pos);
        if (!line.empty() && line.back() == '\r') line.pop_back();  // CRLF files
        size_t line_start = pos;
        if (pos == 0 && line.rfind("\xEF\xBB\xBF", 0) == 0) {  // a UTF-8 byte order mark stays where it is
            line.erase(0, 3);
            line_start = 3;
        }
        std::smatch m;
        const bool is_header = !value.inside() && std::regex_match(line, m, header);
        if (!is_header) value = scan_line(line, value);
        if (is_header) {
            if (!out.empty()) out.back().second.end = comments_before(pos);
            const std::string name = plain_key(m[2].str());
            out.push_back({m[1].length() ? "[" + name + "]" : name, {line_start, text_.size()}});
        }
        pos = next;
    }
    return out;
}

std::string ConfigFile::table(const std::string& header) const {
    for (const auto& [name, span] : tables())
        if (name == header) return text_.substr(span.begin, span.end - span.begin);
    return {};
}

void ConfigFile::set_table(const std::string& header, const std::string& toml) {
    std::string body = toml;
    if (!body.empty() && body.back() != '\n') body += '\n';
    for (const auto& [name, span] : tables()) {
        if (name != header) continue;
        // Keep a blank line between this table and the next one.
        const bool blank_follows = span.end < text_.size() && (text_[span.end] == '\n' || text_[span.end] == '\r');
        if (!body.empty() && span.end < text_.size() && !blank_follows && body.size() > 1 &&
            body[body.size() - 2] != '\n')
            body += '\n';
        text_.replace(span.begin, span.end - span.begin, body);
        return;
    }
    if (body.empty()) return;
    if (!text_.empty() && text_.back() != '\n') text_ += '\n';
    if (!text_.empty() && text_.size() > 1 && text_[text_.size() - 2] != '\n') text_ += '\n';
    text_ += body;
}

std::vector<std::string> ConfigFile::destination_names() const {
    std::vector<std::string> out;
    for (const auto& [name, span] : tables())
        if (name.rfind("destination.", 0) == 0) out.push_back(name.substr(12));
    return out;
}

void ConfigFile::save() {
    upload::parse_config(text_, path_);  // throws on anything clipnote could not read back
    fs::create_directories(path_.parent_path());
    // Write next to the real file (through a symlink, e.g. a dotfiles manager's), private from
    // the start since it may name secret files and variables, on disk before it replaces the old.
    std::error_code ec;
    const fs::path target = fs::exists(path_, ec) ? fs::canonical(path_, ec) : path_;
    const fs::path tmp = target.string() + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) throw Error("cannot write " + tmp.string() + ": " + std::strerror(errno));
    ::fchmod(fd, 0600);  // an old .tmp left behind keeps its mode otherwise
    size_t done = 0;
    while (done < text_.size()) {
        const ssize_t n = ::write(fd, text_.data() + done, text_.size() - done);
        if (n <= 0) {
            const int err = errno;
            ::close(fd);
            ::unlink(tmp.c_str());
            throw Error("cannot write " + tmp.string() + ": " + std::strerror(err));
        }
        done += size_t(n);
    }
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    if (!synced) {
        ::unlink(tmp.c_str());
        throw Error("cannot write " + tmp.string() + " (disk full?)");
    }
    fs::rename(tmp, target, ec);
    if (ec) throw Error("cannot replace " + target.string() + ": " + ec.message());
}

}  // namespace clipnote::gui
