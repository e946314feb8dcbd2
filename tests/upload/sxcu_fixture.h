// The .sxcu fixtures (fixtures/sxcu/) written into a test's config folder with the receiver's
// address filled in, and a config entry for each.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include "fixtures/share_receiver.h"
#include "support/temp_dir.h"
#include "upload/config.h"

namespace clipnote::test {

inline std::string sxcu_fixture_text(const std::string& name) {
    std::ifstream in(std::string(CLIPNOTE_SXCU_FIXTURES_DIR) + "/" + name, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

// Writes fixture `name` into `dir` (with @RECEIVER@ replaced) and returns its config entry.
inline upload::DestinationConfig sxcu_destination(const TempDir& dir, const ShareReceiver& receiver,
                                                  const std::string& name, const std::string& text_override = "") {
    const std::string text =
        replace_all(text_override.empty() ? sxcu_fixture_text(name) : text_override, "@RECEIVER@", receiver.base());
    std::ofstream(dir.file(name), std::ios::binary) << text;
    return upload::parse_config("[destination.svc]\nkind = \"sxcu\"\nfile = \"" + name + "\"\n",
                                dir.file("config.toml"))
        .find("svc");
}

}  // namespace clipnote::test
