// The test S3 server's rules that uploading while recording depends on (tests/upload/servers/
// s3_gate.js): S3's 5 MiB minimum for every part but the last (EntityTooSmall at Complete), a
// sustained uplink shared by all requests (POST /__gate/uplink), and an outage that drops every S3
// request for a while (POST /__gate/down). These test the fixture itself, through the product's
// S3 client, so later tests can trust what it makes of a client.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <exception>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/error.h"
#include "fixtures/net.h"
#include "fixtures/s3_gate_server.h"
#include "support/temp_dir.h"
#include "test_helpers.h"
#include "upload/config.h"
#include "upload/destination_factory.h"
#include "upload/s3/s3_client.h"
#include "upload/s3/s3_destination.h"
#include "upload/transport/http.h"

using namespace clipnote;
using namespace clipnote::upload;
using namespace clipnote::test;

namespace {

const std::string kAccessKey = "AKIACLIPNOTERULES001";
const std::string kSecretKey = "clipnote-gate-rules-secret-7Hq2";
constexpr std::uint64_t kMiB = 1 << 20;

struct GateFixture {
    S3GateServer server{kAccessKey, kSecretKey, {"recordings"}};
    TempDir dir{"clipnote-gate-rules-"};
    ScopedEnv key{"CLIPNOTE_TEST_S3_KEY", kAccessKey};
    ScopedEnv secret{"CLIPNOTE_TEST_S3_SECRET", kSecretKey};

    DestinationConfig config(const std::string& extra = "") const {
        const std::string toml = "[destination.team]\nkind = \"s3\"\nendpoint = \"" + server.endpoint() +
                                 "\"\nbucket = \"recordings\"\npath_style = true\n"
                                 "access_key_env = \"CLIPNOTE_TEST_S3_KEY\"\n"
                                 "secret_key_env = \"CLIPNOTE_TEST_S3_SECRET\"\n" +
                                 extra;
        return parse_config(toml, dir.file("config.toml")).find("team");
    }
    std::string file(const std::string& name, std::size_t size, unsigned seed) const {
        write_random_file(dir.file(name), size, seed);
        return dir.file(name);
    }
    // POSTs `json` to a hook, e.g. hook("uplink", R"({"bytesPerSecond": 0})").
    void hook(const std::string& name, const std::string& json) const {
        CurlResult r = curl_cli(server.endpoint() + "/__gate/" + name, {"-X", "POST", "--data-binary", json});
        INFO(r.error, r.body);
        REQUIRE(r.http_status == 204);
    }
    nlohmann::json hook_state(const std::string& name) const {
        CurlResult r = curl_cli(server.endpoint() + "/__gate/" + name);
        REQUIRE(r.http_status == 200);
        return nlohmann::json::parse(r.body);
    }
};

UploadResult upload_file(const DestinationConfig& config, const std::string& path, Progress& progress) {
    auto destination = make_destination(config);
    UploadRequest request;
    request.file = path;
    return destination->upload(request, progress);
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// A multipart upload of consecutive ranges of `path` with these sizes, straight through the S3
// client (the destination never makes a part under 5 MiB); returns the upload id and parts.
struct Multipart {
    std::string upload_id;
    std::vector<S3Part> parts;
};
Multipart upload_parts(const S3Client& client, HttpClient& http, const std::string& key, const std::string& path,
                       const std::vector<std::uint64_t>& sizes) {
    Multipart m;
    m.upload_id = client.create_multipart_upload(http, key, {"application/octet-stream", ""});
    std::uint64_t offset = 0;
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        const int number = static_cast<int>(i) + 1;
        const std::string etag = client.upload_part(http, key, m.upload_id, number, path, offset, sizes[i], {}, nullptr);
        m.parts.push_back({number, etag, sizes[i]});
        offset += sizes[i];
    }
    return m;
}

// Bytes sent so far, readable from another thread.
class SentBytes : public Progress {
public:
    void on_bytes(std::uint64_t done, std::uint64_t) override { done_ = done; }
    std::uint64_t done() const { return done_; }

private:
    std::atomic<std::uint64_t> done_{0};
};

}  // namespace

TEST_CASE("s3 gate: CompleteMultipartUpload refuses a part but the last under 5 MiB with EntityTooSmall, as S3 does") {
    GateFixture f;
    const DestinationConfig config = f.config("retries = 0\n");
    auto destination = make_destination(config);
    const S3Client& client = dynamic_cast<S3Destination&>(*destination).client();
    HttpClient http(TransferSettings::from(config.network));
    const std::string path = f.file("parts.bin", 6 * kMiB, 1);
    const std::string original = read_binary_file(path);
    const std::string refusal =
        ": HTTP 400 Bad Request: EntityTooSmall: Your proposed upload is smaller than the minimum allowed object size.";

    // 1 MiB + 1 MiB: the first part is too small.
    Multipart small = upload_parts(client, http, "small.bin", path, {kMiB, kMiB});
    CHECK_THROWS_WITH(client.complete_multipart_upload(http, "small.bin", small.upload_id, small.parts),
                      doctest::Contains(("CompleteMultipartUpload small.bin" + refusal).c_str()));
    // As on S3 the upload stays open: its parts are still there to complete differently or abort.
    CHECK(nlohmann::json::parse(f.server.multipart_parts()).contains(small.upload_id));

    // One byte short of 5 MiB is still too small.
    Multipart edge = upload_parts(client, http, "edge.bin", path, {5 * kMiB - 1, kMiB});
    CHECK_THROWS_WITH(client.complete_multipart_upload(http, "edge.bin", edge.upload_id, edge.parts),
                      doctest::Contains(("CompleteMultipartUpload edge.bin" + refusal).c_str()));

    // The last part may be any size: one part of 1 MiB alone, and 5 MiB + 1 MiB.
    Multipart single = upload_parts(client, http, "single.bin", path, {kMiB});
    client.complete_multipart_upload(http, "single.bin", single.upload_id, single.parts);
    CHECK(client.head_object_size(http, "single.bin") == kMiB);

    Multipart legal = upload_parts(client, http, "legal.bin", path, {5 * kMiB, kMiB});
    client.complete_multipart_upload(http, "legal.bin", legal.upload_id, legal.parts);
    CHECK(client.head_object_size(http, "legal.bin") == 6 * kMiB);
    CurlResult download = curl_cli(client.presigned_get_url("legal.bin", std::chrono::seconds(600)));
    INFO(download.error, f.server.request_log());
    CHECK(download.http_status == 200);
    CHECK(download.body == original);

    int refused = 0;
    for (const auto& entry : nlohmann::json::parse(f.server.request_log())) {
        if (entry["reason"] != "EntityTooSmall") continue;
        ++refused;
        CHECK(entry["status"] == 400);
    }
    CHECK(refused == 2);
}

TEST_CASE("s3 gate: the uplink hook holds all request bodies together to its rate") {
    GateFixture f;
    f.hook("uplink", R"({"bytesPerSecond": 2000000})");
    CHECK(f.hook_state("uplink")["bytesPerSecond"] == 2000000);

    SUBCASE("one upload of 6 MiB in two parts at once") {
        const std::string path = f.file("long.bin", 6 * kMiB, 2);
        const DestinationConfig config =
            f.config("retries = 0\nmultipart_threshold = \"5MiB\"\npart_size = \"5MiB\"\nparallel = 2\n");
        RecordingProgress progress;
        const auto t0 = std::chrono::steady_clock::now();
        UploadResult r = upload_file(config, path, progress);
        const double seconds = seconds_since(t0);
        INFO(seconds);
        CHECK(seconds >= 2.5);  // 6 MiB at 2 MB/s: 3.1 s
        CHECK(curl_cli(r.url).body == read_binary_file(path));
    }
    SUBCASE("two uploads of 3 MiB at the same time share it") {
        // Limited one by one, each would take 1.6 s; sharing the link, together they take 3.1 s.
        const DestinationConfig config = f.config("retries = 0\n");
        const std::string a = f.file("a.bin", 3 * kMiB, 3), b = f.file("b.bin", 3 * kMiB, 4);
        UploadResult ra, rb;
        std::exception_ptr error_a, error_b;
        const auto t0 = std::chrono::steady_clock::now();
        std::thread other([&] {
            try {
                RecordingProgress progress;
                rb = upload_file(config, b, progress);
            } catch (...) {
                error_b = std::current_exception();
            }
        });
        try {
            RecordingProgress progress;
            ra = upload_file(config, a, progress);
        } catch (...) {
            error_a = std::current_exception();
        }
        other.join();
        const double seconds = seconds_since(t0);
        REQUIRE_FALSE(error_a);
        REQUIRE_FALSE(error_b);
        INFO(seconds);
        CHECK(seconds >= 2.5);
        CHECK(curl_cli(ra.url).body == read_binary_file(a));
        CHECK(curl_cli(rb.url).body == read_binary_file(b));
    }

    f.hook("uplink", R"({"bytesPerSecond": 0})");
    CHECK(f.hook_state("uplink")["bytesPerSecond"] == 0);
}

TEST_CASE("s3 gate: an outage drops every S3 request until it ends, and the hooks keep answering") {
    GateFixture f;
    const DestinationConfig config = f.config("retries = 0\n");
    const std::string path = f.file("clip.mp4", 100000, 5);
    RecordingProgress progress;
    const UploadResult before = upload_file(config, path, progress);
    REQUIRE(curl_cli(before.url).http_status == 200);

    SUBCASE("for a number of seconds") {
        f.hook("down", R"({"seconds": 3})");
        const auto t0 = std::chrono::steady_clock::now();
        CHECK(f.hook_state("down")["down"] == true);

        // A connection error, not an HTTP answer: curl gets nothing back, nor does the client.
        CurlResult during = curl_cli(before.url);
        CHECK(during.http_status == 0);
        CHECK_FALSE(during.error.empty());
        std::string message;
        try {
            upload_file(config, path, progress);
        } catch (const Error& e) {
            message = e.what();
        }
        INFO(message);
        CHECK_FALSE(message.empty());
        CHECK(message.find("HTTP ") == std::string::npos);  // no status: the connection went
        CHECK(f.server.request_log().find("\"reason\":\"outage\"") != std::string::npos);

        // Back by itself once the 3 s are over.
        int status = 0;
        while (status != 200 && seconds_since(t0) < 30) {
            status = curl_cli(before.url).http_status;
            if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        CHECK(status == 200);
        CHECK(seconds_since(t0) >= 2.5);
        CHECK(f.hook_state("down")["down"] == false);
        const UploadResult after = upload_file(config, path, progress);
        CHECK(curl_cli(after.url).body == read_binary_file(path));
    }
    SUBCASE("until told it is over") {
        f.hook("down", R"({"down": true})");
        CHECK(f.hook_state("down")["seconds"].is_null());
        CHECK(curl_cli(before.url).http_status == 0);
        CHECK_THROWS_AS(upload_file(config, path, progress), Error);
        f.hook("down", R"({"down": false})");
        CHECK(curl_cli(before.url).http_status == 200);
        const UploadResult after = upload_file(config, path, progress);
        CHECK(curl_cli(after.url).body == read_binary_file(path));
    }
    SUBCASE("an upload under way is cut when it starts") {
        // A slow link keeps the upload in flight for ~4 s: the outage begins in the middle of it.
        f.hook("uplink", R"({"bytesPerSecond": 500000})");
        const std::string big = f.file("big.mp4", 2 * kMiB, 6);
        SentBytes sent;
        std::string message;
        std::atomic<bool> finished{false};
        std::thread uploader([&] {
            try {
                upload_file(config, big, sent);
            } catch (const Error& e) {
                message = e.what();
            }
            finished = true;
        });
        const auto t0 = std::chrono::steady_clock::now();
        while (sent.done() == 0 && !finished && seconds_since(t0) < 20)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        f.hook("down", R"({"down": true})");
        uploader.join();
        f.hook("down", R"({"down": false})");
        INFO(message);
        CHECK_FALSE(message.empty());
        CHECK(message.find("HTTP ") == std::string::npos);
        CHECK(message.find(": PutObject ") != std::string::npos);  // the upload itself, not the HEAD after it
        CHECK(f.server.request_log().find("\"reason\":\"cut by outage\"") != std::string::npos);
    }
}
