// The persistent upload queue through the CLI: a failed upload stays queued with a clear error,
// `clipnote queue --retry` finishes it later, `--cancel` takes it off, the local file is never
// touched, and no secret reaches the database.
#include <doctest/doctest.h>

#include "queue_cli_fixture.h"
#include "test_helpers.h"

using namespace clipnote::test;

TEST_CASE("an upload to a server that is down stays queued, and with the server up queue --retry completes it") {
    QueueCliFixture f;
    write_random_file(f.dir.file("clip.mp4"), 300000, 3);
    const std::string original = read_binary_file(f.dir.file("clip.mp4"));
    f.s3.stop();

    RunResult down = f.run({"upload", f.dir.file("clip.mp4"), "--config", f.config()});
    INFO(down.err);
    CHECK(down.exit_code == 1);
    CHECK(down.out.empty());
    // Retry notes, then one error line naming the destination and how to resume.
    const std::string error = down.err.substr(down.err.find("clipnote: "));
    CHECK(without_ids(error).rfind("clipnote: destination \"team\": PutObject <id>/clip.mp4: PUT " + f.s3.endpoint(), 0) ==
          0);
    CHECK(error.find("Couldn't connect to server (gave up after 2 attempts)") != std::string::npos);
    CHECK(error.find("it stays queued as #1; `clipnote queue --retry` will resume it\n") != std::string::npos);
    CHECK(occurrences(error, "\n") == 1);

    RunResult listed = f.run({"queue", "--config", f.config()});
    CHECK(listed.out.rfind("#1  failed  clip.mp4  300.0 kB  to team  1 attempt  error: destination \"team\": ", 0) ==
          0);
    nlohmann::json h = f.history();
    REQUIRE(h.size() == 1);
    CHECK(h[0]["state"] == "failed");

    f.s3.start();
    RunResult retry = f.run({"queue", "--retry", "--config", f.config()});
    INFO(retry.err);
    REQUIRE(retry.exit_code == 0);
    const std::string link = first_line(retry.out);
    CHECK(without_ids(link).rfind(f.s3.endpoint() + "/recordings/<id>/clip.mp4?", 0) == 0);
    CHECK(curl_cli(link).body == original);
    CHECK(read_binary_file(f.dir.file("clip.mp4")) == original);  // never touched

    h = f.history();
    REQUIRE(h.size() == 1);
    CHECK(h[0]["state"] == "uploaded");
    CHECK(h[0]["link"] == link);
    CHECK(f.run({"queue", "--config", f.config()}).err == "The upload queue is empty\n");
    CHECK(occurrences(f.stored_bytes(), kQueueSecret) == 0);
}

TEST_CASE("uploading the same file again continues its queued item instead of adding another") {
    QueueCliFixture f;
    write_random_file(f.dir.file("clip.mp4"), 2000, 4);
    f.s3.stop();
    CHECK(f.run({"upload", f.dir.file("clip.mp4"), "--config", f.config()}).exit_code == 1);
    f.s3.start();
    RunResult again = f.run({"upload", f.dir.file("clip.mp4"), "--config", f.config()});
    INFO(again.err);
    REQUIRE(again.exit_code == 0);
    const nlohmann::json h = f.history();
    REQUIRE(h.size() == 1);
    CHECK(h[0]["state"] == "uploaded");
    CHECK(h[0]["queue_id"] == 1);
}

TEST_CASE("queue --cancel takes an item off the queue and leaves the file alone") {
    QueueCliFixture f;
    write_random_file(f.dir.file("clip.mp4"), 2000, 5);
    f.s3.stop();
    CHECK(f.run({"upload", f.dir.file("clip.mp4"), "--config", f.config()}).exit_code == 1);
    RunResult cancel = f.run({"queue", "--cancel", "1", "--config", f.config()});
    INFO(cancel.err);
    CHECK(cancel.exit_code == 0);
    CHECK(f.run({"queue", "--config", f.config()}).out.empty());
    CHECK(f.history()[0]["state"] == "cancelled");
    CHECK(std::filesystem::file_size(f.dir.file("clip.mp4")) == 2000);

    RunResult unknown = f.run({"queue", "--cancel", "42", "--config", f.config()});
    CHECK(unknown.exit_code == 1);
    CHECK(unknown.err == "clipnote: queue item #42 is not in the queue\n");
}

TEST_CASE("a retried item keeps the key it was given; sharing the file again later gives a new link") {
    QueueCliFixture f("retries = 0\n");
    const std::string clip = f.dir.file("clip.mp4");
    write_random_file(clip, 3000, 9);
    const std::string monday = read_binary_file(clip);
    f.s3.set_faults(R"([{"match": "^PUT /recordings/", "status": 500, "times": 1}])");
    CHECK(f.run({"upload", clip, "--config", f.config()}).exit_code == 1);
    std::string tried;
    for (const auto& entry : nlohmann::json::parse(f.s3.request_log()))
        if (entry["method"] == "PUT" && entry["status"] == 500) tried = entry["path"];
    REQUIRE_FALSE(tried.empty());

    RunResult retry = f.run({"queue", "--retry", "--config", f.config()});
    INFO(retry.err);
    REQUIRE(retry.exit_code == 0);
    const std::string link = first_line(retry.out);
    CHECK(link.rfind(f.s3.endpoint() + tried + "?", 0) == 0);  // the same object, not a second one

    // A week later the same -o name holds another recording: a new item, a new key.
    write_random_file(clip, 4000, 10);
    RunResult again = f.run({"upload", clip, "--config", f.config()});
    INFO(again.err);
    REQUIRE(again.exit_code == 0);
    const std::string second_link = first_line(again.out);
    CHECK(second_link != link);
    CHECK(curl_cli(link).body == monday);
    CHECK(curl_cli(second_link).body == read_binary_file(clip));
    CHECK(f.history().size() == 2);
}
