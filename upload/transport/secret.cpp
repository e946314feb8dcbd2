#include "upload/transport/secret.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "common/error.h"

namespace clipnote::upload {
namespace {

// A trailing newline is what `echo secret > file` leaves; it is never part of the credential.
std::string strip_line_end(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    return s;
}

}  // namespace

Secret resolve_secret(const SecretRef& ref, const std::string& context) {
    if (!ref.env.empty()) {
        const std::string where = context + ": field \"" + ref.field + "_env\": ";
        const char* value = std::getenv(ref.env.c_str());
        if (!value) throw Error(where + "environment variable " + ref.env + " is not set");
        if (!*value) throw Error(where + "environment variable " + ref.env + " is empty");
        return Secret(value);
    }
    if (!ref.file.empty()) {
        const std::string where = context + ": field \"" + ref.field + "_file\": ";
        const std::string path = ref.file.string();
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0) throw Error(where + "cannot read " + path + ": " + std::strerror(errno));
        if (!S_ISREG(st.st_mode)) throw Error(where + path + " is not a regular file");
        // Like ssh with private keys: a secret others can read is no longer a secret.
        if (st.st_mode & (S_IRWXG | S_IRWXO)) {
            std::ostringstream mode;
            mode << std::oct << (st.st_mode & 0777);
            throw Error(where + path + " is accessible by others (mode 0" + mode.str() + "); run: chmod 600 " + path);
        }
        std::ifstream in(path, std::ios::binary);
        if (!in) throw Error(where + "cannot read " + path + ": " + std::strerror(errno));
        std::ostringstream text;
        text << in.rdbuf();
        std::string value = strip_line_end(text.str());
        if (value.empty()) throw Error(where + path + " is empty");
        return Secret(std::move(value));
    }
    throw Error(context + ": field \"" + ref.field + "_env\" or \"" + ref.field + "_file\" is missing");
}

}  // namespace clipnote::upload
