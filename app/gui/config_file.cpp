#include "app/gui/config_file.h"

#include <sys/stat.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "capture/error.h"
#include "upload/config.h"

namespace clipnote::gui {

namespace fs = std::filesystem;

ConfigFile::ConfigFile(fs::path path) : path_(std::move(path)) {
    std::ifstream in(path_, std::ios::binary);
    if (in) {
        std::ostringstream s;
        s << in.rdbuf();
        text_ = s.str();
    }
}

// Each table runs from its header line to the next header line (of a table or an array of tables).
std::vector<std::pair<std::string, ConfigFile::Span>> ConfigFile::tables() const {
    static const std::regex header(R"(^[ \t]*\[(\[?)[ \t]*([^\]\[]+?)[ \t]*\]\]?[ \t]*(#.*)?$)");
    std::vector<std::pair<std::string, Span>> out;
    size_t pos = 0;
    while (pos < text_.size()) {
        size_t eol = text_.find('\n', pos);
        const size_t next = eol == std::string::npos ? text_.size() : eol + 1;
        const std::string line = text_.substr(pos, (eol == std::string::npos ? text_.size() : eol) - pos);
        std::smatch m;
        if (std::regex_match(line, m, header)) {
            if (!out.empty()) out.back().second.end = pos;
            std::string name = m[2].str();
            name.erase(std::remove(name.begin(), name.end(), '"'), name.end());
            out.push_back({m[1].length() ? "[" + name + "]" : name, {pos, text_.size()}});
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
        // Keep one blank line between this table and the next one.
        if (!body.empty() && span.end < text_.size() && body.size() > 1 && body[body.size() - 2] != '\n') body += '\n';
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
    const fs::path tmp = path_.string() + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throw Error("cannot write " + tmp.string());
        out << text_;
        if (!out.flush()) throw Error("cannot write " + tmp.string() + " (disk full?)");
    }
    ::chmod(tmp.c_str(), 0600);  // it may name secret files and env variables: keep it private
    std::error_code ec;
    fs::rename(tmp, path_, ec);
    if (ec) throw Error("cannot replace " + path_.string() + ": " + ec.message());
}

}  // namespace clipnote::gui
