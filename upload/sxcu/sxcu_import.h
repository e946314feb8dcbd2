#pragma once
// `clipnote destinations import FILE.sxcu`: copy a ShareX custom uploader into the config folder
// and append a [destination.NAME] entry for it to config.toml, leaving the rest of the file
// byte-for-byte as it was.
#include <filesystem>
#include <string>

namespace clipnote::upload {

struct SxcuImport {
    std::string name;                 // the new destination
    std::filesystem::path copied_to;  // the .sxcu in the config folder (mode 0600: it may hold keys)
    std::filesystem::path config_path;
};

// Checks the file first (unsupported features refuse the import; nothing is written then).
// `name` empty: from the file's "Name" (or the request URL's host), made a bare TOML key.
// Throws Error when the name is taken or the result would not load.
SxcuImport import_sxcu(const std::filesystem::path& sxcu_file, const std::filesystem::path& config_path,
                       std::string name);

// "My Host (files)" -> "my-host-files": letters, digits, '-' and '_' only.
std::string destination_name_from(const std::string& text);

}  // namespace clipnote::upload
