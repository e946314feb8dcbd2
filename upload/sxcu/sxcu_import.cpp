#include "upload/sxcu/sxcu_import.h"

#include <cctype>
#include <fstream>
#include <sstream>

#include "common/error.h"
#include "upload/config.h"
#include "upload/object_key.h"
#include "upload/private_file.h"
#include "upload/sxcu/sxcu_file.h"

namespace fs = std::filesystem;

namespace clipnote::upload {
namespace {

std::string read_all(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw Error(p.string() + ": cannot read");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string toml_string(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

}  // namespace

std::string destination_name_from(const std::string& text) {
    std::string out;
    for (char c : text) {
        const unsigned char u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || c == '_' || c == '-')
            out += static_cast<char>(std::tolower(u));
        else if (!out.empty() && out.back() != '-')
            out += '-';
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out;
}

SxcuImport import_sxcu(const fs::path& sxcu_file, const fs::path& config_path, std::string name) {
    const std::string bytes = read_all(sxcu_file);
    const SxcuSpec spec = parse_sxcu(bytes, sxcu_file.string());
    if (!carries_file(spec.body))
        throw Error(sxcu_file.string() + ": field \"Body\": \"" + spec.body_name +
                    "\" does not carry a file; clipnote uploads files (MultipartFormData or Binary)");
    if (name.empty()) name = destination_name_from(spec.name);
    if (name.empty()) name = destination_name_from(sxcu_file.stem().string());
    if (name.empty()) name = "sxcu";
    if (destination_name_from(name) != name)
        throw Error("--name \"" + name + "\": use lower-case letters, digits, '-' and '_' only");

    std::error_code ec;
    const bool config_exists = fs::exists(config_path, ec);
    const std::string old_text = config_exists ? read_all(config_path) : std::string();
    if (config_exists) {
        const Config existing = parse_config(old_text, config_path);
        for (const auto& d : existing.destinations)
            if (d.name == name)
                throw Error(config_path.string() + " already has a destination \"" + name +
                            "\"; choose another with --name");
    }

    // The copy: the same name, or name-2, name-3… when a different file already has it.
    const fs::path dir = config_path.parent_path();
    const std::string base = sanitize_file_name(sxcu_file.stem().string());
    fs::path target = dir / (base + ".sxcu");
    for (int n = 2; fs::exists(target, ec) && read_all(target) != bytes; ++n)
        target = dir / (base + "-" + std::to_string(n) + ".sxcu");

    std::string entry;
    if (!old_text.empty() && old_text.back() != '\n') entry += "\n";
    if (!old_text.empty()) entry += "\n";
    entry += "[destination." + name + "]\nkind = \"sxcu\"\nfile = " + toml_string(target.filename().string()) + "\n";
    parse_config(old_text + entry, config_path);  // refuse anything that would not load afterwards

    fs::create_directories(dir);
    // Both may hold keys: 0600 from their first byte (an existing copy or config made so first).
    if (fs::exists(target, ec))
        make_private(target);
    else
        write_private_file(target, bytes);
    append_private_file(config_path, entry);
    return {name, target, config_path};
}

}  // namespace clipnote::upload
