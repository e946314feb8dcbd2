// The config file: destinations as data, errors that name the file, destination and field, and
// secrets that come only from the environment or a private file.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <fstream>

#include "common/error.h"
#include "support/temp_dir.h"
#include "test_helpers.h"
#include "upload/config.h"
#include "upload/destination_factory.h"
#include "upload/transport/secret.h"

using namespace clipnote;
using namespace clipnote::upload;
using clipnote::test::ScopedEnv;
using clipnote::test::TempDir;

namespace {

const char* kIssueExample = R"(
default = "team"
[destination.team]
kind = "s3"
endpoint = "https://s3.eu-central-1.amazonaws.com"
region = "eu-central-1"
bucket = "recordings"
prefix = "clips/"
path_style = false
access_key_env = "CLIPNOTE_S3_KEY"
secret_key_env = "CLIPNOTE_S3_SECRET"
link = "presigned"
expires = "7d"

[destination.nas]
kind = "webdav"
url = "https://dav.example.com/remote.php/dav/files/me/clips/"
username = "me"
password_env = "CLIPNOTE_DAV_PASSWORD"
public_base_url = "https://dav.example.com/s/"

[destination.zipline]
kind = "sxcu"
file = "zipline.sxcu"
)";

std::string error_of(const std::string& toml) {
    try {
        parse_config(toml, "/home/me/.config/clipnote/config.toml");
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("reads the issue's example config: default, s3, webdav and an sxcu file beside it") {
    Config c = parse_config(kIssueExample, "/home/me/.config/clipnote/config.toml");
    CHECK(c.default_name == "team");
    REQUIRE(c.destinations.size() == 3);
    const DestinationConfig& team = c.select("");
    CHECK(team.name == "team");
    const auto& s3 = std::get<S3Settings>(team.settings);
    CHECK(s3.endpoint == "https://s3.eu-central-1.amazonaws.com");
    CHECK(s3.region == "eu-central-1");
    CHECK(s3.bucket == "recordings");
    CHECK(s3.prefix == "clips/");
    CHECK_FALSE(s3.path_style);
    CHECK(s3.access_key.env == "CLIPNOTE_S3_KEY");
    CHECK(s3.secret_key.env == "CLIPNOTE_S3_SECRET");
    CHECK(s3.link == S3LinkMode::presigned);
    CHECK(s3.expires == std::chrono::hours(24 * 7));
    const auto& dav = std::get<WebdavSettings>(c.find("nas").settings);
    CHECK(dav.url == "https://dav.example.com/remote.php/dav/files/me/clips/");
    CHECK(dav.username == "me");
    CHECK(dav.password.env == "CLIPNOTE_DAV_PASSWORD");
    CHECK(dav.public_base_url == "https://dav.example.com/s/");
    CHECK(c.find("zipline").kind == "sxcu");
    CHECK(std::get<SxcuSettings>(c.find("zipline").settings).file == "/home/me/.config/clipnote/zipline.sxcu");
    CHECK_THROWS_WITH(make_destination(c.find("zipline")),
                      "destination \"zipline\": /home/me/.config/clipnote/zipline.sxcu: cannot read the ShareX "
                      "custom uploader file");
}

TEST_CASE("a missing field is named with the file and the destination") {
    CHECK(error_of("[destination.team]\nkind = \"s3\"\nendpoint = \"https://s3.example.com\"\n"
                   "access_key_env = \"A\"\nsecret_key_env = \"B\"\n") ==
          "/home/me/.config/clipnote/config.toml: destination \"team\": field \"bucket\" is missing");
    CHECK(error_of("[destination.nas]\nkind = \"webdav\"\n") ==
          "/home/me/.config/clipnote/config.toml: destination \"nas\": field \"url\" is missing");
    CHECK(error_of("[destination.team]\nkind = \"s3\"\nendpoint = \"https://s3.example.com\"\nbucket = \"b\"\n"
                   "access_key_env = \"A\"\n") ==
          "/home/me/.config/clipnote/config.toml: destination \"team\": field \"secret_key_env\" or "
          "\"secret_key_file\" is missing");
}

TEST_CASE("wrong values, typos and unknown kinds are reported by field") {
    const std::string s3 =
        "[destination.t]\nkind = \"s3\"\nendpoint = \"https://s3.example.com\"\nbucket = \"b\"\n"
        "access_key_env = \"A\"\nsecret_key_env = \"B\"\n";
    CHECK(error_of(s3 + "link = \"forever\"\n") ==
          "/home/me/.config/clipnote/config.toml: destination \"t\": field \"link\" must be \"presigned\" or "
          "\"public\" (got \"forever\")");
    CHECK(error_of(s3 + "expires = \"30d\"\n") ==
          "/home/me/.config/clipnote/config.toml: destination \"t\": field \"expires\" must be at most 7d for "
          "presigned links");
    CHECK(error_of(s3 + "link = \"public\"\n").find("field \"public_base_url\" is missing") != std::string::npos);
    CHECK(error_of(s3 + "bukcet = \"x\"\n") ==
          "/home/me/.config/clipnote/config.toml: destination \"t\": field \"bukcet\" is not known for kind \"s3\"");
    CHECK(error_of(s3 + "path_style = \"yes\"\n").find("field \"path_style\" must be true or false") !=
          std::string::npos);
    CHECK(error_of(s3 + "part_size = \"1MiB\"\n").find("field \"part_size\" must be between 5MiB and 5GiB") !=
          std::string::npos);
    CHECK(error_of("[destination.x]\nkind = \"ftp\"\n").find("destination \"x\": field \"kind\" \"ftp\" is unknown") !=
          std::string::npos);
    CHECK(error_of("[destination.x]\nkind = \"webdav\"\nurl = \"https://me:pw@dav.example.com/\"\n")
              .find("field \"url\" must not carry credentials") != std::string::npos);
    CHECK(error_of("default = \"nope\"\n[destination.a]\nkind = \"local\"\n") ==
          "/home/me/.config/clipnote/config.toml: no destination named \"nope\" (known: a)");
    CHECK(error_of("[destination.a\nkind = 1").rfind("/home/me/.config/clipnote/config.toml:1:", 0) == 0);
}

TEST_CASE("durations and sizes read as people write them") {
    CHECK(parse_duration("7d") == std::chrono::hours(168));
    CHECK(parse_duration("12h") == std::chrono::hours(12));
    CHECK(parse_duration("30m") == std::chrono::minutes(30));
    CHECK(parse_duration("45") == std::chrono::seconds(45));
    CHECK_THROWS_AS(parse_duration("soon"), Error);
    CHECK_THROWS_AS(parse_duration("-1d"), Error);
    CHECK(parse_size("16MiB") == 16ull << 20);
    CHECK(parse_size("100MB") == 100000000ull);
    CHECK(parse_size("4096") == 4096ull);
    CHECK(parse_size("2mb") == 2000000ull);  // units in any case
    CHECK(parse_size("500k") == 500000ull);
    CHECK(parse_size("2 M") == 2000000ull);
    CHECK(parse_size("1g") == 1000000000ull);
    CHECK_THROWS_AS(parse_size("lots"), Error);
}

TEST_CASE("a negative or overflowing size or duration is an Error, never a wrapped number") {
    // Found by fuzz_config_toml: std::stoull reads "-4" as 2^64 - 4; n * factor wrapped or overflowed.
    CHECK_THROWS_AS(parse_size("-4"), Error);
    CHECK_THROWS_AS(parse_size(" -1MiB"), Error);
    CHECK_THROWS_AS(parse_size("18446744073709551615GiB"), Error);
    CHECK(parse_size("17179869183GiB") == 17179869183ull << 30);     // the largest that fits
    CHECK_THROWS_AS(parse_duration("9223372036854775807w"), Error);  // signed overflow before
    CHECK(parse_duration("15250284452471d").count() == 15250284452471ll * 86400);
    CHECK(error_of("[destination.a]\nkind = \"s3\"\nendpoint = \"https://s3.example\"\nbucket = \"b\"\n"
                   "access_key_env = \"A\"\nsecret_key_env = \"S\"\nmultipart_threshold = \"-1\"\n") ==
          "/home/me/.config/clipnote/config.toml: destination \"a\": field \"multipart_threshold\" \"-1\" is not a "
          "size (e.g. \"16MiB\", \"100MB\")");
    // curl takes these as long (the connect timeout in ms): a larger value wrapped to a negative one.
    const std::string dav = "[destination.d]\nkind = \"webdav\"\nurl = \"https://dav.example/\"\n";
    CHECK(error_of(dav + "low_speed_limit = \"9223372036854775808\"\n") ==
          "/home/me/.config/clipnote/config.toml: destination \"d\": field \"low_speed_limit\" is too large");
    CHECK(error_of(dav + "connect_timeout = \"1000000000000d\"\n") ==
          "/home/me/.config/clipnote/config.toml: destination \"d\": field \"connect_timeout\" is too long");
    CHECK(error_of(dav + "connect_timeout = \"1w\"\nlow_speed_limit = \"1GiB\"\n") == "(no error)");
}

TEST_CASE("without a config file there is one implicit local destination under XDG_DATA_HOME") {
    TempDir dir;
    ScopedEnv config_home("XDG_CONFIG_HOME", dir.file("config"));
    ScopedEnv data_home("XDG_DATA_HOME", dir.file("data"));
    Config c = load_config_or_default();
    CHECK(c.path.empty());
    REQUIRE(c.destinations.size() == 1);
    const DestinationConfig& d = c.select("");
    CHECK(d.name == "local");
    CHECK(std::get<LocalSettings>(d.settings).folder == dir.file("data") + "/clipnote/uploads");
    CHECK_THROWS_WITH(load_config_or_default(dir.file("missing.toml")),
                      doctest::Contains("cannot read the config file"));
}

TEST_CASE("the config file is found under XDG_CONFIG_HOME and relative paths resolve beside it") {
    TempDir dir;
    ScopedEnv config_home("XDG_CONFIG_HOME", dir.path());
    std::filesystem::create_directories(dir.file("clipnote"));
    std::ofstream(dir.file("clipnote/config.toml")) << "[destination.here]\nkind = \"local\"\nfolder = \"shots\"\n";
    Config c = load_config_or_default();
    CHECK(c.path == dir.file("clipnote/config.toml"));
    CHECK(std::get<LocalSettings>(c.select("").settings).folder == dir.file("clipnote/shots"));
}

TEST_CASE("secrets come from the environment, never from the config text") {
    SecretRef ref{"secret_key", "CLIPNOTE_TEST_SECRET_VAR", {}};
    CHECK_THROWS_WITH(resolve_secret(ref, "config.toml: destination \"team\""),
                      "config.toml: destination \"team\": field \"secret_key_env\": environment variable "
                      "CLIPNOTE_TEST_SECRET_VAR is not set");
    ScopedEnv env("CLIPNOTE_TEST_SECRET_VAR", "s3cr3t-value");
    CHECK(resolve_secret(ref, "x").reveal() == "s3cr3t-value");
}

TEST_CASE("a secret file must be private (0600): one readable by others is refused") {
    TempDir dir;
    const std::string path = dir.file("secret");
    std::ofstream(path) << "file-secret-value\n";
    SecretRef ref{"password", {}, path};
    ::chmod(path.c_str(), 0644);
    std::string message;
    try {
        resolve_secret(ref, "config.toml: destination \"nas\"");
    } catch (const Error& e) {
        message = e.what();
    }
    CHECK(message == "config.toml: destination \"nas\": field \"password_file\": " + path +
                         " is accessible by others (mode 0644); run: chmod 600 " + path);
    CHECK(message.find("file-secret-value") == std::string::npos);
    ::chmod(path.c_str(), 0600);
    CHECK(resolve_secret(ref, "x").reveal() == "file-secret-value");  // trailing newline dropped
}

TEST_CASE("setting both the _env and the _file form of a secret is an error") {
    CHECK(error_of("[destination.nas]\nkind = \"webdav\"\nurl = \"https://d.example.com/\"\nusername = \"me\"\n"
                   "password_env = \"P\"\npassword_file = \"pw\"\n") ==
          "/home/me/.config/clipnote/config.toml: destination \"nas\": fields \"password_env\" and "
          "\"password_file\" are both set; keep one");
}

TEST_CASE("s3 path_style: on by default for an IP address or localhost endpoint, off otherwise; the config wins") {
    auto path_style = [](const std::string& endpoint, const std::string& extra = "") {
        const Config c = parse_config("[destination.s]\nkind = \"s3\"\nendpoint = \"" + endpoint +
                                          "\"\nbucket = \"b\"\naccess_key_env = \"K\"\nsecret_key_env = \"S\"\n" + extra,
                                      "/home/me/.config/clipnote/config.toml");
        return std::get<S3Settings>(c.find("s").settings).path_style;
    };
    CHECK(path_style("http://192.168.1.20:9000"));
    CHECK(path_style("http://[fd00::20]:3900"));
    CHECK(path_style("http://localhost:9000"));
    CHECK(path_style("https://minio.localhost"));
    CHECK_FALSE(path_style("https://s3.eu-central-1.amazonaws.com"));
    CHECK_FALSE(path_style("https://minio.example.com"));
    CHECK_FALSE(path_style("http://192.168.1.20:9000", "path_style = false\n"));
    CHECK(path_style("https://minio.example.com", "path_style = true\n"));
}

TEST_CASE("share_page: on by default where a link is pasted (S3, WebDAV, a served local folder), settable, unknown elsewhere") {
    const std::string path = "/home/me/.config/clipnote/config.toml";
    const std::string s3 = "[destination.team]\nkind = \"s3\"\nendpoint = \"https://s3.example.com\"\nbucket = \"b\"\n"
                           "access_key_env = \"A\"\nsecret_key_env = \"B\"\n";
    CHECK(parse_config(s3, path).find("team").share_page);
    CHECK_FALSE(parse_config(s3 + "share_page = false\n", path).find("team").share_page);
    CHECK(parse_config("[destination.nas]\nkind = \"webdav\"\nurl = \"https://dav.example.com/\"\n", path)
              .find("nas")
              .share_page);
    CHECK_FALSE(parse_config("[destination.disk]\nkind = \"local\"\nfolder = \"/tmp/x\"\n", path).find("disk").share_page);
    CHECK(parse_config("[destination.disk]\nkind = \"local\"\nfolder = \"/tmp/x\"\npublic_base_url = \"https://me.example/\"\n",
                       path)
              .find("disk")
              .share_page);
    CHECK(parse_config("[destination.disk]\nkind = \"local\"\nfolder = \"/tmp/x\"\nshare_page = true\n", path)
              .find("disk")
              .share_page);
    CHECK(error_of("[destination.chat]\nkind = \"slack\"\ntoken_env = \"T\"\nchannel_id = \"C1\"\nshare_page = true\n").find(
              "field \"share_page\" is not known for kind \"slack\"") != std::string::npos);
}
