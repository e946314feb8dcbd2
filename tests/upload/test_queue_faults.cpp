// The queue under faults: kill -9 of `clipnote upload` in the middle of a multipart upload, then a
// restart that resumes from the parts already on the server; a multipart upload the server forgot
// (aborted behind the queue's back), which the next retry starts afresh; a 1 KB/s link that trips
// the low-speed timeout and leaves the item queued.
#include <doctest/doctest.h>

#include <csignal>
#include <thread>

#include "queue_cli_fixture.h"
#include "test_helpers.h"
#include "upload/config.h"
#include "upload/destination_factory.h"
#include "upload/library/history_store.h"

using namespace clipnote::test;

namespace {

// The part numbers the gate holds for `upload_id` (empty when it does not know the upload).
std::vector<int> gate_parts(const S3GateServer& s3, const std::string& upload_id) {
    const nlohmann::json all = nlohmann::json::parse(s3.multipart_parts());
    std::vector<int> numbers;
    if (!all.contains(upload_id)) return numbers;
    for (const auto& [number, part] : all[upload_id].items()) numbers.push_back(std::stoi(number));
    std::sort(numbers.begin(), numbers.end());
    return numbers;
}

int forwarded_part_puts(const S3GateServer& s3) {
    int n = 0;
    for (const auto& entry : nlohmann::json::parse(s3.request_log()))
        if (entry["method"] == "PUT" && entry["status"] == 200) ++n;
    return n;
}

}  // namespace

TEST_CASE("kill -9 of clipnote upload mid-multipart, then a restart resumes from the parts already sent") {
    QueueCliFixture f(
        "multipart_threshold = \"5MiB\"\npart_size = \"5MiB\"\nparallel = 1\nretries = 0\nlow_speed_time = 120\n");
    const std::string path = f.dir.file("long.mp4");
    write_random_file(path, (23 << 20) + 12345, 6);  // parts 1-4 of 5 MiB and a last one
    const std::string original = read_binary_file(path);
    // Part 3 crawls, so the uploader is surely in the middle of it when it is killed.
    f.s3.set_faults(R"([{"match": "partNumber=3", "throttle": 1024, "times": 1}])");

    ChildProcess uploader({CLIPNOTE_UPLOAD_CLI, "upload", path, "--config", f.config()}, f.env());
    std::string upload_id;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
        if (upload_id.empty() && std::filesystem::exists(f.db())) {
            clipnote::upload::HistoryStore store(f.db());
            if (auto item = store.item(1)) upload_id = item->upload_id;
        }
        if (!upload_id.empty() && gate_parts(f.s3, upload_id).size() == 2) break;
        REQUIRE(uploader.running());
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    REQUIRE_FALSE(upload_id.empty());
    REQUIRE(gate_parts(f.s3, upload_id) == std::vector<int>{1, 2});
    uploader.send_signal(SIGKILL);
    REQUIRE(uploader.wait_for(std::chrono::seconds(10)) == 128 + SIGKILL);
    f.s3.set_faults("[]");

    {
        clipnote::upload::HistoryStore store(f.db());
        auto item = store.item(1);
        REQUIRE(item);
        CHECK(item->state == clipnote::upload::ItemState::uploading);  // as the killed process left it
        CHECK(item->upload_id == upload_id);
        CHECK(item->parts_done == 2);
        CHECK(item->parts_total == 5);
    }
    CHECK(f.run({"queue", "--config", f.config()}).out.find("#1  interrupted  long.mp4") == 0);

    const int puts_before = forwarded_part_puts(f.s3);
    RunResult restart = f.run({"upload", path, "--config", f.config()});
    INFO(restart.err);
    REQUIRE(restart.exit_code == 0);
    CHECK(forwarded_part_puts(f.s3) - puts_before == 3);  // parts 3, 4 and 5 only
    CHECK(curl_cli(first_line(restart.out)).body == original);

    const nlohmann::json h = f.history();
    REQUIRE(h.size() == 1);
    CHECK(h[0]["state"] == "uploaded");
    CHECK(occurrences(f.stored_bytes(), kQueueSecret) == 0);
}

TEST_CASE("a multipart upload the server forgot fails once with NoSuchUpload, then the queue starts it afresh") {
    QueueCliFixture f("multipart_threshold = \"5MiB\"\npart_size = \"5MiB\"\nparallel = 1\nretries = 0\n");
    const std::string path = f.dir.file("clip.mp4");
    write_random_file(path, (12 << 20) + 777, 8);  // parts 1-2 of 5 MiB and a last one
    const std::string original = read_binary_file(path);
    f.s3.set_faults(R"([{"match": "partNumber=3", "status": 500, "times": 1}])");
    RunResult first = f.run({"upload", path, "--config", f.config()});
    REQUIRE(first.exit_code == 1);
    f.s3.set_faults("[]");
    std::string upload_id, object_id;
    {
        clipnote::upload::HistoryStore store(f.db());
        upload_id = store.item(1).value().upload_id;
        object_id = store.item(1).value().object_id;
    }
    REQUIRE_FALSE(upload_id.empty());
    REQUIRE(gate_parts(f.s3, upload_id) == std::vector<int>{1, 2});

    // Behind the queue's back, as a bucket lifecycle rule or another tool would.
    {
        ScopedEnv key("QUEUE_S3_KEY", kQueueAccessKey);
        const clipnote::upload::Config config = clipnote::upload::load_config(f.config());
        clipnote::upload::make_destination(config.find("team"))->abandon("clip.mp4", object_id, upload_id);
    }
    REQUIRE(gate_parts(f.s3, upload_id).empty());

    RunResult forgotten = f.run({"queue", "--retry", "1", "--config", f.config()});
    INFO(forgotten.err);
    CHECK(forgotten.exit_code == 1);
    CHECK(forgotten.err.find("NoSuchUpload") != std::string::npos);
    {
        clipnote::upload::HistoryStore store(f.db());
        CHECK(store.item(1).value().upload_id.empty());  // the dead id is not tried again
    }

    RunResult afresh = f.run({"queue", "--retry", "1", "--config", f.config()});
    INFO(afresh.err);
    REQUIRE(afresh.exit_code == 0);
    CHECK(curl_cli(first_line(afresh.out)).body == original);
    CHECK(f.history()[0]["state"] == "uploaded");
}

TEST_CASE("a 1 KB/s link trips the low-speed timeout: one clear line, and the item stays queued") {
    QueueCliFixture f("low_speed_limit = 10000\nlow_speed_time = 2\nretries = 0\n");
    write_random_file(f.dir.file("clip.mp4"), 8 << 20, 7);
    f.s3.set_faults(R"([{"match": "^PUT ", "throttle": 1024, "times": 5}])");
    const auto start = std::chrono::steady_clock::now();
    RunResult slow = f.run({"upload", f.dir.file("clip.mp4"), "--config", f.config()});
    INFO(slow.err);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(60));
    CHECK(slow.exit_code == 1);
    CHECK(without_ids(slow.err).rfind("clipnote: destination \"team\": PutObject <id>/clip.mp4: PUT " + f.s3.endpoint(), 0) ==
          0);
    CHECK(slow.err.find("Timeout was reached") != std::string::npos);
    CHECK(slow.err.find("`clipnote queue --retry` will resume it") != std::string::npos);
    CHECK(occurrences(slow.err, "\n") == 1);

    CHECK(f.run({"queue", "--config", f.config()}).out.rfind("#1  failed  clip.mp4", 0) == 0);
    f.s3.set_faults("[]");
    RunResult retry = f.run({"queue", "--retry", "--config", f.config()});
    INFO(retry.err);
    CHECK(retry.exit_code == 0);
    CHECK(curl_cli(first_line(retry.out)).body == read_binary_file(f.dir.file("clip.mp4")));
}
