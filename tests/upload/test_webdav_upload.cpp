// WebDAV uploads against nginx's dav module with basic auth.
#include <doctest/doctest.h>

#include <filesystem>

#include "common/error.h"
#include "fixtures/net.h"
#include "fixtures/webdav_server.h"
#include "support/temp_dir.h"
#include "test_helpers.h"
#include "upload/config.h"
#include "upload/destination_factory.h"

using namespace clipnote;
using namespace clipnote::upload;
using namespace clipnote::test;

namespace {

const std::string kPassword = "dav-secret-Kp27wQ";

struct DavFixture {
    WebdavServer server{"me", kPassword};
    TempDir dir{"clipnote-dav-test-"};
    ScopedEnv password{"CLIPNOTE_TEST_DAV_PASSWORD", kPassword};

    DestinationConfig config(const std::string& url, const std::string& extra = "") const {
        return parse_config("[destination.nas]\nkind = \"webdav\"\nurl = \"" + url +
                                "\"\nusername = \"me\"\npassword_env = \"CLIPNOTE_TEST_DAV_PASSWORD\"\n" + extra,
                            dir.file("config.toml"))
            .find("nas");
    }
};

UploadResult upload_file(const DestinationConfig& config, const std::string& path, RecordingProgress& progress,
                         const std::string& remote_name = "") {
    auto destination = make_destination(config);
    UploadRequest request;
    request.file = path;
    request.remote_name = remote_name;
    return destination->upload(request, progress);
}

}  // namespace

TEST_CASE("WebDAV: PUT into a folder, the public link downloads the same bytes") {
    DavFixture f;
    write_random_file(f.dir.file("clip.mp4"), 3 << 20, 21);
    RecordingProgress progress;
    UploadResult r =
        upload_file(f.config(f.server.dav_url(), "public_base_url = \"" + f.server.public_url() + "dav/\"\n"),
                    f.dir.file("clip.mp4"), progress, "2024/june/my clip.mp4");
    const KeyParts key = key_parts(r.remote_path);
    CHECK(key.folders == "2024/june/");
    CHECK(looks_like_object_id(key.id));
    CHECK(key.name == "my clip.mp4");
    CHECK(r.url == f.server.public_url() + "dav/2024/june/" + key.id + "/my%20clip.mp4");
    CHECK(progress.last_done == 3u << 20);
    CurlResult download = curl_cli(r.url);
    CHECK(download.http_status == 200);
    CHECK(download.body == read_binary_file(f.dir.file("clip.mp4")));
}

TEST_CASE("WebDAV: missing folders are made with MKCOL before the PUT") {
    DavFixture f;
    write_random_file(f.dir.file("clip.gif"), 10000, 22);
    RecordingProgress progress;
    UploadResult r = upload_file(f.config(f.server.strict_url()), f.dir.file("clip.gif"), progress, "a/b/clip.gif");
    CHECK(r.url == f.server.strict_url() + r.remote_path);  // no public base: the file's own URL
    const std::string id = key_parts(r.remote_path).id;
    CHECK(std::filesystem::is_directory(f.server.root() + "/strict/a/b/" + id));
    CHECK(read_binary_file(f.server.root() + "/strict/a/b/" + id + "/clip.gif") ==
          read_binary_file(f.dir.file("clip.gif")));
    const std::string log = f.server.logs();
    CHECK(log.find("\"MKCOL /strict/a/ HTTP/1.1\" 201") != std::string::npos);
    CHECK(log.find("\"MKCOL /strict/a/b/ HTTP/1.1\" 201") != std::string::npos);
    CHECK(log.find("\"MKCOL /strict/a/b/" + id + "/ HTTP/1.1\" 201") != std::string::npos);
}

TEST_CASE("WebDAV: a wrong password is a clear error naming the fields, never the password") {
    DavFixture f;
    ScopedEnv wrong("CLIPNOTE_TEST_DAV_PASSWORD", "wrong-password-Xy55");
    write_random_file(f.dir.file("clip.mp4"), 1000, 23);
    RecordingProgress progress;
    std::string message;
    try {
        upload_file(f.config(f.server.dav_url()), f.dir.file("clip.mp4"), progress);
    } catch (const Error& e) {
        message = e.what();
    }
    // The first request that needs the password is the MKCOL of the upload's own folder.
    CHECK(message.rfind("destination \"nas\": MKCOL " + f.server.dav_url(), 0) == 0);
    CHECK(message.find("/: HTTP 401 Unauthorized: the server refused the credentials; check fields "
                       "\"username\" and \"password_env\"/\"password_file\"") != std::string::npos);
    CHECK(message.find("wrong-password") == std::string::npos);
    CHECK_FALSE(std::filesystem::exists(f.server.root() + "/dav/clip.mp4"));
}

TEST_CASE("WebDAV: remove() deletes what upload() put") {
    DavFixture f;
    write_random_file(f.dir.file("x.mp4"), 1000, 24);
    RecordingProgress progress;
    auto destination = make_destination(f.config(f.server.dav_url()));
    UploadRequest request;
    request.file = f.dir.file("x.mp4");
    UploadResult r = destination->upload(request, progress);
    CHECK(std::filesystem::exists(f.server.root() + "/dav/" + r.remote_path));
    destination->remove(r.remote_path, progress);
    CHECK_FALSE(std::filesystem::exists(f.server.root() + "/dav/" + r.remote_path));
}

TEST_CASE("WebDAV: a second upload with the same name gets its own path, and both links keep their own bytes") {
    DavFixture f;
    std::filesystem::create_directories(f.dir.file("monday"));
    std::filesystem::create_directories(f.dir.file("friday"));
    write_random_file(f.dir.file("monday/update.mp4"), 40000, 25);
    write_random_file(f.dir.file("friday/update.mp4"), 50000, 26);
    const DestinationConfig config =
        f.config(f.server.dav_url(), "public_base_url = \"" + f.server.public_url() + "dav/\"\n");
    RecordingProgress progress;
    UploadResult first = upload_file(config, f.dir.file("monday/update.mp4"), progress);
    UploadResult second = upload_file(config, f.dir.file("friday/update.mp4"), progress);
    CHECK(first.url != second.url);
    CHECK(key_parts(first.remote_path).name == "update.mp4");
    CHECK(key_parts(second.remote_path).name == "update.mp4");
    CHECK(looks_like_object_id(key_parts(second.remote_path).id));
    CHECK(curl_cli(first.url).body == read_binary_file(f.dir.file("monday/update.mp4")));
    CHECK(curl_cli(second.url).body == read_binary_file(f.dir.file("friday/update.mp4")));
}
