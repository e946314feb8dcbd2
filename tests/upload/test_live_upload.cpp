// Uploading a file while it is written (upload/s3/live_upload.h), against the tests' S3 gate, which
// holds parts to S3's 5 MiB rule: parts go up as the file grows, only the tail is left at finish,
// an outage mid-way is caught up, abort leaves nothing behind.
#include <doctest/doctest.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "appended_file.h"
#include "common/error.h"
#include "fixtures/net.h"
#include "fixtures/s3_gate_server.h"
#include "support/app_trace.h"
#include "support/temp_dir.h"
#include "test_helpers.h"
#include "upload/config.h"
#include "upload/destination_factory.h"
#include "upload/s3/live_upload.h"
#include "upload/s3/s3_destination.h"

using namespace clipnote;
using namespace clipnote::upload;
using namespace clipnote::test;
using namespace std::chrono_literals;

namespace {

const std::string kAccessKey = "AKIACLIPNOTELIVE0001";
const std::string kSecretKey = "clipnote-live-upload-secret-9Kd3";
constexpr std::uint64_t kMiB = 1 << 20;

struct LiveFixture {
    S3GateServer server{kAccessKey, kSecretKey, {"recordings"}};
    TempDir dir{"clipnote-live-"};
    ScopedEnv key{"CLIPNOTE_TEST_S3_KEY", kAccessKey};
    ScopedEnv secret{"CLIPNOTE_TEST_S3_SECRET", kSecretKey};

    DestinationConfig config(const std::string& bucket = "recordings") const {
        const std::string toml = "[destination.team]\nkind = \"s3\"\nendpoint = \"" + server.endpoint() +
                                 "\"\nbucket = \"" + bucket + "\"\npath_style = true\nretries = 1\n"
                                 "access_key_env = \"CLIPNOTE_TEST_S3_KEY\"\n"
                                 "secret_key_env = \"CLIPNOTE_TEST_S3_SECRET\"\n";
        return parse_config(toml, dir.file("config.toml")).find("team");
    }
    S3Client client(const DestinationConfig& c) const {
        auto destination = make_destination(c);
        return dynamic_cast<S3Destination&>(*destination).client();
    }
    std::unique_ptr<LiveS3Upload> start(const std::string& file, const std::string& object) const {
        const DestinationConfig c = config();
        return std::make_unique<LiveS3Upload>(client(c), c.network, object, ObjectHeaders{"video/mp4", ""}, file,
                                              5 * kMiB);
    }
    void hook(const std::string& name, const std::string& json) const {
        CurlResult r = curl_cli(server.endpoint() + "/__gate/" + name, {"-X", "POST", "--data-binary", json});
        REQUIRE(r.http_status == 204);
    }
    // How many UploadPart requests for part `number` of `object` the gate answered 200.
    int part_puts(const std::string& object, int number) const {
        int n = 0;
        for (const auto& e : nlohmann::json::parse(server.request_log()))
            if (e["method"] == "PUT" && e["path"] == "/recordings/" + object && e["status"] == 200 &&
                e.value("part", 0) == number)
                ++n;
        return n;
    }
};

std::string object_bytes(const S3Client& client, const std::string& object) {
    CurlResult r = curl_cli(client.presigned_get_url(object, 600s));
    REQUIRE(r.http_status == 200);
    return r.body;
}

}  // namespace

TEST_CASE("live upload: parts go up while the file grows; at finish only the tail is left") {
    LiveFixture f;
    AppendedFile file(f.dir.file("spool.mp4"));
    auto live = f.start(file.path(), "clip.mp4");
    for (int i = 0; i < 17 * 4; ++i) live->grown(file.append(kMiB / 4));  // 17 MiB
    // Parts 1 (0-5 MiB), 2 (5-10 MiB) and 3 (10-15 MiB) are whole and final: sent during the "recording".
    REQUIRE_MESSAGE(eventually([&] { return live->parts_sent() == 3; }, 30s), live->last_error());
    const auto parts = nlohmann::json::parse(f.server.multipart_parts())[live->upload_id()];
    CHECK(parts.contains("1"));
    CHECK(parts.contains("2"));
    CHECK(parts.contains("3"));
    CHECK_FALSE(parts.contains("4"));  // the tail: not whole yet
    CHECK(live->bytes_sent() == 15 * kMiB);

    const std::uint64_t size = file.finish();
    RecordingProgress progress;
    live->finish(size, progress);
    CHECK(object_bytes(f.client(f.config()), "clip.mp4") == read_binary_file(file.path()));
    // Nothing that was sent during the recording went again.
    CHECK(f.part_puts("clip.mp4", 2) == 1);
    CHECK(f.part_puts("clip.mp4", 3) == 1);
    CHECK(f.part_puts("clip.mp4", 1) == 1);
    CHECK(f.part_puts("clip.mp4", 4) == 1);
}

TEST_CASE("live upload: a file smaller than one part is one part at finish") {
    LiveFixture f;
    AppendedFile file(f.dir.file("short.mp4"));
    auto live = f.start(file.path(), "short.mp4");
    live->grown(file.append(3 * kMiB));
    const std::uint64_t size = file.finish();
    RecordingProgress progress;
    live->finish(size, progress);
    CHECK(live->parts_sent() == 1);
    CHECK(object_bytes(f.client(f.config()), "short.mp4") == read_binary_file(file.path()));
}

TEST_CASE("live upload: the network goes away mid-recording; the parts follow when it is back, and finish completes") {
    LiveFixture f;
    AppendedFile file(f.dir.file("outage.mp4"));
    auto live = f.start(file.path(), "outage.mp4");
    f.hook("down", R"({"seconds": 3})");
    for (int i = 0; i < 12 * 4; ++i) live->grown(file.append(kMiB / 4));  // parts 1 and 2 are due during the outage
    REQUIRE(eventually([&] { return !live->last_error().empty(); }, 20s));  // it failed, the "recording" went on
    CHECK(live->parts_sent() == 0);
    // Tried again after the outage, without a new part to prompt it.
    REQUIRE_MESSAGE(eventually([&] { return live->parts_sent() == 2; }, 30s), live->last_error());
    CHECK(live->last_error().empty());
    const std::uint64_t size = file.finish();
    RecordingProgress progress;
    live->finish(size, progress);
    CHECK(object_bytes(f.client(f.config()), "outage.mp4") == read_binary_file(file.path()));
}

TEST_CASE("live upload: abort leaves no object and no parts in the bucket") {
    LiveFixture f;
    AppendedFile file(f.dir.file("cancel.mp4"));
    auto live = f.start(file.path(), "cancel.mp4");
    for (int i = 0; i < 11 * 4; ++i) live->grown(file.append(kMiB / 4));
    REQUIRE(eventually([&] { return live->parts_sent() >= 1; }, 30s));
    const std::string upload_id = live->upload_id();
    REQUIRE(nlohmann::json::parse(f.server.multipart_parts()).contains(upload_id));
    live->abort();
    CHECK_FALSE(nlohmann::json::parse(f.server.multipart_parts()).contains(upload_id));
    const DestinationConfig c = f.config();
    HttpClient http(TransferSettings::from(c.network));
    CHECK_THROWS_AS(f.client(c).head_object_size(http, "cancel.mp4"), Error);
}

TEST_CASE("live upload: a bucket that cannot be written fails at the start, with S3's words") {
    LiveFixture f;
    const DestinationConfig c = f.config("no-such-bucket");
    CHECK_THROWS_WITH(LiveS3Upload(f.client(c), c.network, "x.mp4", ObjectHeaders{"video/mp4", ""},
                                   f.dir.file("x.mp4"), 5 * kMiB),
                      doctest::Contains("NoSuchBucket"));
}
