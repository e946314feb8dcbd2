// S3 uploads against s3rver behind a gate that verifies SigV4 with the aws4 library: round trips
// through the link, multipart, both addressing styles, retries and a resumed multipart upload.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "common/error.h"
#include "fixtures/net.h"
#include "fixtures/s3_gate_server.h"
#include "support/temp_dir.h"
#include "test_helpers.h"
#include "upload/config.h"
#include "upload/destination_factory.h"
#include "upload/object_key.h"
#include "upload/s3/s3_destination.h"

using namespace clipnote;
using namespace clipnote::upload;
using namespace clipnote::test;

namespace {

const std::string kAccessKey = "AKIACLIPNOTETEST0001";
const std::string kSecretKey = "clipnote-s3-secret-Zq81vXe5";

struct S3Fixture {
    S3GateServer server{kAccessKey, kSecretKey, {"recordings"}, "eu-central-1"};
    TempDir dir{"clipnote-s3-test-"};
    ScopedEnv key{"CLIPNOTE_TEST_S3_KEY", kAccessKey};
    ScopedEnv secret{"CLIPNOTE_TEST_S3_SECRET", kSecretKey};

    DestinationConfig config(const std::string& extra = "", const std::string& endpoint = "") const {
        const std::string toml = "[destination.team]\nkind = \"s3\"\nendpoint = \"" +
                                 (endpoint.empty() ? server.endpoint() : endpoint) +
                                 "\"\nregion = \"eu-central-1\"\nbucket = \"recordings\"\nprefix = \"team/\"\n"
                                 "access_key_env = \"CLIPNOTE_TEST_S3_KEY\"\nsecret_key_env = "
                                 "\"CLIPNOTE_TEST_S3_SECRET\"\n" +
                                 extra;
        return parse_config(toml, dir.file("config.toml")).find("team");
    }
    std::string file(const std::string& name, std::size_t size, unsigned seed) const {
        write_random_file(dir.file(name), size, seed);
        return dir.file(name);
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

TEST_CASE("a single PUT round trip: the presigned link downloads the same bytes") {
    S3Fixture f;
    const std::string path = f.file("clip.mp4", 1 << 20, 1);
    RecordingProgress progress;
    UploadResult r = upload_file(f.config("path_style = true\n"), path, progress, "réunion d'équipe (1).mp4");
    const KeyParts key = key_parts(r.remote_path);
    CHECK(key.folders == "team/");
    CHECK(looks_like_object_id(key.id));
    CHECK(key.name == "réunion d'équipe (1).mp4");
    CHECK(r.bytes == 1u << 20);
    CHECK(r.url.rfind(f.server.endpoint() + "/recordings/team/" + key.id +
                          "/r%C3%A9union%20d%27%C3%A9quipe%20%281%29.mp4?",
                      0) == 0);
    CHECK(r.url.find("X-Amz-Expires=604800") != std::string::npos);
    CHECK(progress.last_done == 1u << 20);
    CHECK(progress.last_total == 1u << 20);

    CurlResult download = curl_cli(r.url);
    INFO(download.error, download.body.substr(0, 400), f.server.request_log());
    CHECK(download.http_status == 200);
    CHECK(download.body == read_binary_file(path));
    // The gate refuses the same object without a signature: the link's signature is what works.
    CHECK(curl_cli(r.url.substr(0, r.url.find('?'))).http_status == 403);
}

TEST_CASE("multipart above the threshold: 12 MiB in 5 MiB parts, two in flight, byte-identical") {
    S3Fixture f;
    const std::string path = f.file("long.mp4", 12 << 20, 2);
    RecordingProgress progress;
    UploadResult r = upload_file(f.config("path_style = true\nmultipart_threshold = \"5MiB\"\npart_size = \"5MiB\"\n"
                                          "parallel = 2\n"),
                                 path, progress);
    CHECK_FALSE(r.upload_id.empty());
    CHECK(progress.last_done == 12u << 20);
    const std::string log = f.server.request_log();
    CHECK(occurrences(log, "\"method\":\"PUT\"") == 3);  // three parts, no single PUT
    CurlResult download = curl_cli(r.url);
    INFO(download.error, download.body.substr(0, 400), f.server.request_log());
    CHECK(download.http_status == 200);
    CHECK(download.body == read_binary_file(path));
}

TEST_CASE("virtual-hosted style addresses the bucket as <bucket>.localhost") {
    S3Fixture f;
    const std::string path = f.file("v.gif", 200 * 1000, 3);
    RecordingProgress progress;
    UploadResult r = upload_file(f.config("path_style = false\n", f.server.localhost_endpoint()), path, progress);
    CHECK(r.url.rfind("http://recordings.localhost:" + std::to_string(f.server.port()) + "/" + r.remote_path + "?", 0) ==
          0);
    CHECK(key_parts(r.remote_path).name == "v.gif");
    CurlResult download = curl_cli(r.url);
    INFO(download.error, download.body.substr(0, 400), f.server.request_log());
    CHECK(download.http_status == 200);
    CHECK(download.body == read_binary_file(path));
}

TEST_CASE("a wrong secret key fails with S3's SignatureDoesNotMatch, naming the field, never the secret") {
    S3Fixture f;
    ScopedEnv wrong("CLIPNOTE_TEST_S3_SECRET", "not-the-secret-Pw93kd");
    const std::string path = f.file("clip.mp4", 1000, 4);
    RecordingProgress progress;
    std::string message;
    try {
        upload_file(f.config("path_style = true\n"), path, progress);
    } catch (const Error& e) {
        message = e.what();
    }
    CHECK(without_ids(message) ==
          "destination \"team\": PutObject team/<id>/clip.mp4: HTTP 403 Forbidden: SignatureDoesNotMatch: The request "
          "signature we calculated does not match the signature you provided. Check your key and signing method.; "
          "check the secret key (field \"secret_key_env\") and \"region\"");
    CHECK(message.find("not-the-secret") == std::string::npos);
    CHECK(message.find(kSecretKey) == std::string::npos);
}

TEST_CASE("a wrong access key is named as such") {
    S3Fixture f;
    ScopedEnv wrong("CLIPNOTE_TEST_S3_KEY", "AKIAWRONGKEY");
    const std::string path = f.file("clip.mp4", 1000, 5);
    RecordingProgress progress;
    CHECK_THROWS_WITH(upload_file(f.config("path_style = true\n"), path, progress),
                      doctest::Contains("InvalidAccessKeyId: The AWS Access Key Id you provided does not exist in our "
                                        "records.; check the access key (field \"access_key_env\")"));
}

TEST_CASE("503 with Retry-After is retried after the server's delay, then succeeds") {
    S3Fixture f;
    f.server.set_faults(R"([{"match": "^PUT /recordings/team/", "status": 503, "retryAfter": "1", "times": 2}])");
    const std::string path = f.file("clip.mp4", 50000, 6);
    RecordingProgress progress;
    const auto t0 = std::chrono::steady_clock::now();
    UploadResult r = upload_file(f.config("path_style = true\n"), path, progress);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    CHECK(seconds >= 2.0);  // two waits of Retry-After: 1
    REQUIRE(progress.notes.size() == 2);
    CHECK(without_ids(progress.notes[0]).find("PutObject team/<id>/clip.mp4: HTTP 503 Service Unavailable; retrying in") ==
          0);
    CHECK(curl_cli(r.url).body == read_binary_file(path));
}

TEST_CASE("a connection reset halfway through a part is retried and the object is complete") {
    S3Fixture f;
    f.server.set_faults(R"([{"match": "partNumber=2", "reset": true, "times": 1}])");
    const std::string path = f.file("long.mp4", 11 << 20, 7);
    RecordingProgress progress;
    UploadResult r = upload_file(f.config("path_style = true\nmultipart_threshold = \"5MiB\"\npart_size = \"5MiB\"\n"),
                                 path, progress);
    REQUIRE(progress.notes.size() == 1);
    CHECK(without_ids(progress.notes[0]).find("UploadPart 2 team/<id>/long.mp4: PUT ") == 0);
    CHECK(f.server.request_log().find("reset by fault") != std::string::npos);
    CHECK(curl_cli(r.url).body == read_binary_file(path));
}

TEST_CASE("a server that keeps failing is given up on after the configured retries, with a clear error") {
    S3Fixture f;
    f.server.set_faults(R"([{"match": "^PUT ", "status": 500, "times": 100}])");
    const std::string path = f.file("clip.mp4", 1000, 8);
    RecordingProgress progress;
    std::string message;
    try {
        upload_file(f.config("path_style = true\nretries = 2\n"), path, progress);
    } catch (const Error& e) {
        message = e.what();
    }
    CHECK(without_ids(message) ==
          "destination \"team\": PutObject team/<id>/clip.mp4: HTTP 500 Internal Server Error: InjectedFault: fault 500");
    CHECK(progress.notes.size() == 2);
}

TEST_CASE("a server that is down is reported as a connection error after the retries") {
    S3Fixture f;
    const std::string path = f.file("clip.mp4", 1000, 9);
    const DestinationConfig config = f.config("path_style = true\nretries = 1\n");
    f.server.stop();
    RecordingProgress progress;
    std::string message;
    try {
        upload_file(config, path, progress);
    } catch (const Error& e) {
        message = e.what();
    }
    CHECK(without_ids(message).find("destination \"team\": PutObject team/<id>/clip.mp4: PUT http://127.0.0.1:") !=
          std::string::npos);
    CHECK_THROWS_WITH(upload_file(config, path, progress), doctest::Contains("(gave up after 2 attempts)"));
}

TEST_CASE("a presigned link stops working once it expires") {
    S3Fixture f;
    const std::string path = f.file("clip.mp4", 1000, 10);
    RecordingProgress progress;
    // Signing times have one-second resolution: a 3 s link is valid for at least 2 s from now.
    UploadResult r = upload_file(f.config("path_style = true\nexpires = 3\n"), path, progress);
    CHECK(curl_cli(r.url).http_status == 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(4100));
    CurlResult late = curl_cli(r.url);
    CHECK(late.http_status == 403);
    CHECK(late.body.find("Request has expired") != std::string::npos);
}

TEST_CASE("link = public gives public_base_url + key") {
    S3Fixture f;
    const std::string path = f.file("a b.gif", 1000, 11);
    RecordingProgress progress;
    UploadResult r =
        upload_file(f.config("path_style = true\nlink = \"public\"\npublic_base_url = \"https://cdn.example.com\"\n"),
                    path, progress);
    // The file's name alone would let anyone guess the link: a random folder comes first.
    const KeyParts key = key_parts(r.remote_path);
    CHECK(looks_like_object_id(key.id));
    CHECK(r.url == "https://cdn.example.com/team/" + key.id + "/a%20b.gif");
}

TEST_CASE("S3: a second upload with the same name gets its own key, and both links keep their own bytes") {
    S3Fixture f;
    const DestinationConfig config = f.config("path_style = true\n");
    std::filesystem::create_directories(f.dir.file("monday"));
    std::filesystem::create_directories(f.dir.file("friday"));
    const std::string monday = f.file("monday/update.mp4", 40000, 13);
    const std::string friday = f.file("friday/update.mp4", 50000, 14);
    RecordingProgress progress;
    UploadResult first = upload_file(config, monday, progress);
    UploadResult second = upload_file(config, friday, progress);
    CHECK(first.url != second.url);
    CHECK(first.remote_path != second.remote_path);
    CHECK(key_parts(first.remote_path).name == "update.mp4");
    CHECK(key_parts(second.remote_path).name == "update.mp4");
    CHECK(curl_cli(first.url).body == read_binary_file(monday));  // last week's link still shows last week
    CHECK(curl_cli(second.url).body == read_binary_file(friday));
}

TEST_CASE("S3: the download keeps the human file name through Content-Disposition, single PUT and multipart") {
    S3Fixture f;
    RecordingProgress progress;
    const std::string small = f.file("small.mp4", 3000, 15);
    UploadResult r = upload_file(f.config("path_style = true\n"), small, progress, "réunion d'équipe (1).mp4");
    CHECK(curl_cli(r.url, {"-D", f.dir.file("small.headers")}).body == read_binary_file(small));
    CHECK(header_value(f.dir.file("small.headers"), "content-disposition") ==
          "inline; filename=\"r_union d'_quipe (1).mp4\"; filename*=UTF-8''r%C3%A9union%20d%27%C3%A9quipe%20%281%29.mp4");

    const std::string big = f.file("big \"cut\".mp4", 6 << 20, 16);
    UploadResult m = upload_file(
        f.config("path_style = true\nmultipart_threshold = \"5MiB\"\npart_size = \"5MiB\"\n"), big, progress);
    CHECK_FALSE(m.upload_id.empty());
    CHECK(curl_cli(m.url, {"-D", f.dir.file("big.headers")}).body == read_binary_file(big));
    CHECK(header_value(f.dir.file("big.headers"), "content-disposition") ==
          "inline; filename=\"big _cut_.mp4\"; filename*=UTF-8''big%20%22cut%22.mp4");
}

TEST_CASE("an interrupted multipart upload resumes by upload id and sends only the missing parts") {
    S3Fixture f;
    const std::string path = f.file("long.mp4", 16 << 20, 12);  // parts of 5+5+5+1 MiB
    const DestinationConfig config = f.config(
        "path_style = true\nmultipart_threshold = \"5MiB\"\npart_size = \"5MiB\"\nparallel = 1\nretries = 0\n");
    f.server.set_faults(R"([{"match": "partNumber=3", "status": 500, "times": 1}])");
    std::string upload_id;
    const std::string object_id = new_object_id();  // the queue keeps it with the upload id
    {
        auto destination = make_destination(config);
        UploadRequest request;
        request.file = path;
        request.object_id = object_id;
        request.on_upload_id = [&](const std::string& id) { upload_id = id; };
        RecordingProgress progress;
        CHECK_THROWS_WITH(destination->upload(request, progress),
                          doctest::Contains(("UploadPart 3 team/" + object_id + "/long.mp4").c_str()));
    }
    REQUIRE_FALSE(upload_id.empty());
    const int puts_before = occurrences(f.server.request_log(), "\"method\":\"PUT\"");

    auto destination = make_destination(config);
    UploadRequest request;
    request.file = path;
    request.resume_upload_id = upload_id;
    request.object_id = object_id;
    RecordingProgress progress;
    UploadResult r = destination->upload(request, progress);
    CHECK(r.upload_id == upload_id);
    CHECK(r.remote_path == "team/" + object_id + "/long.mp4");
    // Parts 1 and 2 were on the server already: only 3 and 4 travel again.
    CHECK(occurrences(f.server.request_log(), "\"method\":\"PUT\"") - puts_before == 2);
    CHECK(progress.last_done == 16u << 20);
    CHECK(curl_cli(r.url).body == read_binary_file(path));
}

TEST_CASE("an endpoint that is an IP address uses path style unless the config says otherwise") {
    S3Fixture f;
    const std::string path = f.file("ip.mp4", 3000, 11);
    RecordingProgress progress;
    // <bucket>.127.0.0.1 resolves nowhere: virtual-hosted style would fail here.
    UploadResult r = upload_file(f.config("retries = 0\n"), path, progress);
    CHECK(r.url.rfind(f.server.endpoint() + "/recordings/" + r.remote_path + "?", 0) == 0);
    CHECK(key_parts(r.remote_path).name == "ip.mp4");
    CHECK(progress.notes.empty());
    CHECK(curl_cli(r.url).body == read_binary_file(path));
}
