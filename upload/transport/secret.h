#pragma once
// A credential (password, secret key, token). It has no stream operator and no conversion to
// string, so it cannot slip into a log line or an error message by accident; code that must send
// it calls reveal() at the last moment.
#include <filesystem>
#include <string>

namespace clipnote::upload {

class Secret {
public:
    Secret() = default;
    explicit Secret(std::string value) : value_(std::move(value)) {}
    const std::string& reveal() const { return value_; }
    bool empty() const { return value_.empty(); }

private:
    std::string value_;
};

// Where a secret comes from, as the config says: `<field>_env = "VAR"` or `<field>_file = "path"`.
struct SecretRef {
    std::string field;           // "secret_key", "password": for messages
    std::string env;             // variable name, or empty
    std::filesystem::path file;  // absolute (resolved against the config folder), or empty
    bool present() const { return !env.empty() || !file.empty(); }
};

// Reads the secret. Throws Error("<context>: field \"<field>_env\": ...") when the variable is
// unset or empty, or when the file is missing, empty, or readable by group/others (must be 0600
// or stricter). `context` names the config file and destination. The value never appears.
Secret resolve_secret(const SecretRef& ref, const std::string& context);

}  // namespace clipnote::upload
