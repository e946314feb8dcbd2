// `clipnote destinations import FILE.sxcu`: the file is copied next to config.toml, an entry is
// appended, and everything already in config.toml stays byte-for-byte.
#include <doctest/doctest.h>

#include <sys/resource.h>
#include <sys/stat.h>

#include <csignal>
#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "fixtures/net.h"
#include "fixtures/share_receiver.h"
#include "support/child_process.h"
#include "support/temp_dir.h"
#include "sxcu_fixture.h"
#include "test_helpers.h"
#include "upload/config.h"
#include "upload/destination_factory.h"
#include "upload/sxcu/sxcu_import.h"

using namespace clipnote;
using namespace clipnote::test;

namespace {

// Comments, odd spacing, no newline at the end: all of it must survive.
const std::string kExisting =
    "# my uploads\r\ndefault = \"disk\"   # keep\n\n[destination.disk]\nkind = \"local\"\nfolder = \"copies\"\t# tab";

RunResult run_cli(const TempDir& dir, std::vector<std::string> args) {
    args.insert(args.begin(), CLIPNOTE_UPLOAD_CLI);
    return run_command(args, {{"DISPLAY", ""}, {"WAYLAND_DISPLAY", ""}, {"XDG_DATA_HOME", dir.file("data")}},
                       std::chrono::seconds(60));
}

}  // namespace

TEST_CASE("destinations import: copies the .sxcu, appends an entry, keeps the rest of config.toml byte-for-byte") {
    ShareReceiver receiver;
    TempDir dir("clipnote-import-");
    std::filesystem::create_directories(dir.file("cfg"));
    std::ofstream(dir.file("cfg/config.toml"), std::ios::binary) << kExisting;
    std::filesystem::create_directories(dir.file("downloads"));
    std::ofstream(dir.file("downloads/zipline.sxcu"), std::ios::binary)
        << replace_all(sxcu_fixture_text("zipline.sxcu"), "@RECEIVER@", receiver.base());

    RunResult r = run_cli(
        dir, {"destinations", "import", dir.file("downloads/zipline.sxcu"), "--config", dir.file("cfg/config.toml")});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("imported \"zipline-local\"") != std::string::npos);
    const std::string text = read_binary_file(dir.file("cfg/config.toml"));
    CHECK(text.starts_with(kExisting));
    CHECK(text.substr(kExisting.size()) ==
          "\n\n[destination.zipline-local]\nkind = \"sxcu\"\nfile = \"zipline.sxcu\"\n");
    CHECK(read_binary_file(dir.file("cfg/zipline.sxcu")) == read_binary_file(dir.file("downloads/zipline.sxcu")));
    struct stat st {};
    REQUIRE(::stat(dir.file("cfg/zipline.sxcu").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);

    // The entry works: listed, and it uploads.
    RunResult list = run_cli(dir, {"destinations", "list", "--config", dir.file("cfg/config.toml")});
    INFO(list.out, list.err);
    CHECK(list.out.find("zipline-local  sxcu \"Zipline (local)\" (zipline.sxcu, POST MultipartFormData) to " +
                        receiver.base() + "/…") != std::string::npos);
    write_random_file(dir.file("clip.mp4"), 50000, 91);
    auto destination = upload::make_destination(upload::load_config(dir.file("cfg/config.toml")).find("zipline-local"));
    RecordingProgress progress;
    upload::UploadRequest request;
    request.file = dir.file("clip.mp4");
    CHECK(curl_cli(destination->upload(request, progress).url).body == read_binary_file(dir.file("clip.mp4")));

    // The same name again is refused and nothing changes; --name picks another.
    RunResult again = run_cli(
        dir, {"destinations", "import", dir.file("downloads/zipline.sxcu"), "--config", dir.file("cfg/config.toml")});
    CHECK(again.exit_code != 0);
    CHECK(again.err.find("already has a destination \"zipline-local\"; choose another with --name") !=
          std::string::npos);
    CHECK(read_binary_file(dir.file("cfg/config.toml")) == text);
    RunResult named = run_cli(dir, {"destinations", "import", dir.file("downloads/zipline.sxcu"), "--name", "zl",
                                    "--config", dir.file("cfg/config.toml")});
    CHECK(named.exit_code == 0);
    CHECK(read_binary_file(dir.file("cfg/config.toml")) ==
          text + "\n[destination.zl]\nkind = \"sxcu\"\nfile = \"zipline.sxcu\"\n");  // same bytes: the copy is shared
}

TEST_CASE("destinations import: a file with unsupported features is refused and nothing is written") {
    TempDir dir("clipnote-import-");
    std::ofstream(dir.file("interactive.sxcu"), std::ios::binary) << sxcu_fixture_text("interactive.sxcu");
    RunResult r =
        run_cli(dir, {"destinations", "import", dir.file("interactive.sxcu"), "--config", dir.file("cfg/config.toml")});
    CHECK(r.exit_code != 0);
    CHECK(r.err.find("not supported: field \"Headers.Authorization\": {prompt}") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir.file("cfg")));
}

namespace {

mode_t mode_of(const std::string& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 0777;
}

// umask for one test, then the old one back.
struct ScopedUmask {
    explicit ScopedUmask(mode_t m) : old(::umask(m)) {}
    ~ScopedUmask() { ::umask(old); }
    mode_t old;
};

// Files this process writes may grow to `bytes` at most (a full disk, repeatably): a longer write
// fails with EFBIG instead of raising SIGXFSZ.
struct ScopedFileSizeLimit {
    explicit ScopedFileSizeLimit(rlim_t bytes) {
        old_handler = std::signal(SIGXFSZ, SIG_IGN);
        ::getrlimit(RLIMIT_FSIZE, &old);
        rlimit limit = old;
        limit.rlim_cur = bytes;
        ::setrlimit(RLIMIT_FSIZE, &limit);
    }
    ~ScopedFileSizeLimit() {
        ::setrlimit(RLIMIT_FSIZE, &old);
        std::signal(SIGXFSZ, old_handler);
    }
    rlimit old{};
    void (*old_handler)(int) = nullptr;
};

}  // namespace

TEST_CASE("destinations import: an existing config.toml (0644) and the copy end up 0600, even under umask 000") {
    TempDir dir("clipnote-import-");
    std::filesystem::create_directories(dir.file("cfg"));
    std::ofstream(dir.file("cfg/config.toml"), std::ios::binary) << kExisting;
    ::chmod(dir.file("cfg/config.toml").c_str(), 0644);
    std::ofstream(dir.file("zipline.sxcu"), std::ios::binary) << sxcu_fixture_text("zipline.sxcu");
    ScopedUmask open_umask(0);

    const upload::SxcuImport r = upload::import_sxcu(dir.file("zipline.sxcu"), dir.file("cfg/config.toml"), "");
    CHECK(read_binary_file(dir.file("cfg/config.toml")).starts_with(kExisting));
    CHECK(mode_of(dir.file("cfg/config.toml")) == 0600);
    CHECK(mode_of(r.copied_to.string()) == 0600);

    // A new config.toml too.
    upload::import_sxcu(dir.file("zipline.sxcu"), dir.file("new/config.toml"), "");
    CHECK(mode_of(dir.file("new/config.toml")) == 0600);
    CHECK(mode_of(dir.file("new/zipline.sxcu")) == 0600);
}

TEST_CASE("destinations import: files are 0600 from the first byte: a write cut short leaves nothing readable") {
    TempDir dir("clipnote-import-");
    std::ofstream(dir.file("zipline.sxcu"), std::ios::binary) << sxcu_fixture_text("zipline.sxcu");
    ScopedUmask open_umask(0);  // a file created with the default mode would be 0666
    {
        ScopedFileSizeLimit full_disk(16);
        CHECK_THROWS_AS(upload::import_sxcu(dir.file("zipline.sxcu"), dir.file("cfg/config.toml"), ""), Error);
    }
    // Whatever was left of the copy was never readable by others.
    if (std::filesystem::exists(dir.file("cfg/zipline.sxcu"))) CHECK(mode_of(dir.file("cfg/zipline.sxcu")) == 0600);

    // The same with the copy already in place, so only the new config.toml is cut short.
    std::filesystem::create_directories(dir.file("cfg"));
    std::filesystem::copy_file(dir.file("zipline.sxcu"), dir.file("cfg/zipline.sxcu"),
                               std::filesystem::copy_options::overwrite_existing);
    {
        ScopedFileSizeLimit full_disk(16);
        CHECK_THROWS_AS(upload::import_sxcu(dir.file("zipline.sxcu"), dir.file("cfg/config.toml"), ""), Error);
    }
    if (std::filesystem::exists(dir.file("cfg/config.toml"))) CHECK(mode_of(dir.file("cfg/config.toml")) == 0600);
    CHECK(mode_of(dir.file("cfg/zipline.sxcu")) == 0600);  // the copy that was there is made private as well
}
