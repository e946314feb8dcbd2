// Uploading to WebDAV while the file is written (upload/webdav/live_upload.h): one PUT whose body
// is sent chunked as the file grows, against nginx's dav module. The file is a stand-in spool
// appended in chunks; the recording's own path is tested through the CLI (test_record_upload.cpp).
#include <doctest/doctest.h>

#include <filesystem>

#include "appended_file.h"
#include "common/error.h"
#include "fixtures/net.h"
#include "fixtures/webdav_server.h"
#include "support/app_trace.h"
#include "support/temp_dir.h"
#include "test_helpers.h"
#include "upload/config.h"
#include "upload/destination_factory.h"
#include "upload/webdav/live_upload.h"
#include "upload/webdav/webdav_destination.h"

using namespace clipnote;
using namespace clipnote::upload;
using namespace clipnote::test;
using namespace std::chrono_literals;

namespace {

const std::string kPassword = "dav-live-secret-9Qm";
constexpr std::uint64_t kMiB = 1 << 20;
constexpr std::uint64_t kNginxBuffer = 16 << 10;  // client_body_buffer_size

struct LiveDavFixture {
    WebdavServer server{"me", kPassword};
    TempDir dir{"clipnote-live-dav-"};
    ScopedEnv password{"CLIPNOTE_TEST_DAV_PASSWORD", kPassword};

    std::unique_ptr<LiveWebdavUpload> start(const std::string& url, const std::string& file, const std::string& path,
                                            const std::string& user = "me") const {
        const DestinationConfig c = parse_config("[destination.nas]\nkind = \"webdav\"\nurl = \"" + url +
                                                     "\"\nusername = \"" + user +
                                                     "\"\npassword_env = \"CLIPNOTE_TEST_DAV_PASSWORD\"\nretries = 1\n",
                                                 dir.file("config.toml"))
                                        .find("nas");
        const auto made = make_destination(c);
        const auto& dav = dynamic_cast<const WebdavDestination&>(*made);
        return std::make_unique<LiveWebdavUpload>("nas", dav.settings(), dav.network(), dav.password(), path, file);
    }
    // The bytes of the request body nginx is receiving now (0 when none is arriving).
    std::uint64_t body_bytes_arriving() const {
        std::uint64_t n = 0;
        for (const auto& e : std::filesystem::directory_iterator(server.body_dir()))
            if (e.is_regular_file()) n += e.file_size();
        return n;
    }
};

}  // namespace

TEST_CASE("live WebDAV upload: the body reaches the server as the file grows; at finish the server holds the file") {
    LiveDavFixture f;
    AppendedFile file(f.dir.file("spool.mp4"));
    auto live = f.start(f.server.dav_url(), file.path(), "abc/clip.mp4");
    // Made at the start: the folder is there before a byte is recorded.
    CHECK(std::filesystem::is_directory(f.server.root() + "/dav/abc"));
    live->grown(file.append(3 * kMiB));
    file.append(kMiB / 2);  // written, not yet final: must not be sent
    // nginx holds the body in its temp file while it arrives (the last bytes may wait in its
    // 16 KiB buffer): the final bytes are there, no more.
    REQUIRE_MESSAGE(eventually([&] { return f.body_bytes_arriving() >= 3 * kMiB - kNginxBuffer; }, 20s),
                    f.server.logs());
    CHECK(live->bytes_sent() == 3 * kMiB);
    CHECK(f.body_bytes_arriving() <= 3 * kMiB);
    CHECK_FALSE(std::filesystem::exists(f.server.root() + "/dav/abc/clip.mp4"));  // nothing partial is visible
    live->grown(file.append(kMiB));
    const std::uint64_t size = file.finish();
    RecordingProgress progress;
    live->finish(size, progress);
    CHECK(live->bytes_left_at_finish() < 2 * kMiB);  // the tail, not the file
    CHECK(read_binary_file(f.server.root() + "/dav/abc/clip.mp4") == read_binary_file(file.path()));
    const std::string log = f.server.logs();
    CHECK(occurrences(log, "\"PUT /dav/abc/clip.mp4") == 1);  // one request, no restart
}

TEST_CASE("live WebDAV upload: abort stops the body; the server keeps nothing, not even the folder") {
    LiveDavFixture f;
    AppendedFile file(f.dir.file("cancel.mp4"));
    auto live = f.start(f.server.dav_url(), file.path(), "xyz/cancel.mp4");
    live->grown(file.append(2 * kMiB));
    REQUIRE(eventually([&] { return f.body_bytes_arriving() >= 2 * kMiB - kNginxBuffer; }, 20s));
    live->abort();
    CHECK(eventually([&] { return f.body_bytes_arriving() == 0; }, 10s));
    CHECK_FALSE(std::filesystem::exists(f.server.root() + "/dav/xyz/cancel.mp4"));
    CHECK_FALSE(std::filesystem::exists(f.server.root() + "/dav/xyz"));
}

TEST_CASE("live WebDAV upload: wrong credentials fail at the start, before anything is recorded") {
    LiveDavFixture f;
    CHECK_THROWS_WITH_AS(f.start(f.server.dav_url(), f.dir.file("x.mp4"), "id/x.mp4", "someone-else"),
                         doctest::Contains("refused the credentials"), Error);
}

TEST_CASE("live WebDAV upload: a server that wants a Content-Length fails the stream at finish, saying so") {
    LiveDavFixture f;
    AppendedFile file(f.dir.file("sized.mp4"));
    auto live = f.start(f.server.sized_url(), file.path(), "id/sized.mp4");
    live->grown(file.append(kMiB));
    const std::uint64_t size = file.finish();
    RecordingProgress progress;
    CHECK_THROWS_WITH_AS(live->finish(size, progress), doctest::Contains("411"), Error);
    CHECK_FALSE(std::filesystem::exists(f.server.root() + "/sized/id/sized.mp4"));
}
