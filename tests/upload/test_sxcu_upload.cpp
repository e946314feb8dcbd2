// ShareX custom uploaders (.sxcu fixtures modelled on real services) against the local receiver:
// each request is checked by the receiver, each link downloaded and compared.
#include <doctest/doctest.h>

#include <fstream>

#include "common/error.h"
#include "fixtures/net.h"
#include "fixtures/share_receiver.h"
#include "support/temp_dir.h"
#include "sxcu_fixture.h"
#include "test_helpers.h"
#include "upload/destination_factory.h"
#include "upload/upload_errors.h"

using namespace clipnote;
using namespace clipnote::upload;
using namespace clipnote::test;

namespace {

struct SxcuTest {
    ShareReceiver receiver;
    TempDir dir{"clipnote-sxcu-test-"};
    RecordingProgress progress;

    SxcuTest() { write_random_file(dir.file("clip.mp4"), 300000, 51); }

    UploadResult upload(const std::string& fixture, const std::string& text_override = "") {
        auto destination = make_destination(sxcu_destination(dir, receiver, fixture, text_override));
        UploadRequest request;
        request.file = dir.file("clip.mp4");
        return destination->upload(request, progress);
    }
    void check_round_trip(const UploadResult& r) {
        CHECK(receiver.problems().empty());
        CurlResult download = curl_cli(r.url);
        CHECK(download.http_status == 200);
        CHECK(download.body == read_binary_file(dir.file("clip.mp4")));
        CHECK(progress.last_done == 300000u);
    }
    std::string error_of(const std::string& fixture, const std::string& text_override = "") {
        try {
            upload(fixture, text_override);
        } catch (const Error& e) {
            return e.what();
        }
        return "(no error)";
    }
};

}  // namespace

TEST_CASE("sxcu: a Zipline-like multipart upload, the link from {json:files[0]}") {
    SxcuTest t;
    UploadResult r = t.upload("zipline.sxcu");
    CHECK(r.url.starts_with(t.receiver.base() + "/dl/"));
    CHECK(r.url.ends_with("/clip.mp4"));
    CHECK(t.receiver.hits("zipline") == 1);
    t.check_round_trip(r);
}

TEST_CASE("sxcu: Chevereto-like with a BOM, query parameters and an argument, thumbnail and deletion URLs") {
    SxcuTest t;
    UploadResult r = t.upload("chevereto.sxcu");
    t.check_round_trip(r);
    CHECK(r.thumbnail_url == r.url + "?thumb=1");
    CHECK(r.deletion_url == t.receiver.base() + "/dl-delete/clip.mp4");
    auto destination = make_destination(sxcu_destination(t.dir, t.receiver, "chevereto.sxcu"));
    destination->remove(r.remote_path, t.progress);  // opens the DeletionURL
    CHECK(t.receiver.deleted() == std::vector<std::string>{"clip.mp4"});
}

TEST_CASE("sxcu: the link by {regex:…|name} from a plain-text answer") {
    SxcuTest t;
    UploadResult r = t.upload("paste.sxcu");
    CHECK(r.url.find("\r") == std::string::npos);
    t.check_round_trip(r);
}

TEST_CASE("sxcu: a binary PUT to …/{filename}, the link from {header:Location}") {
    SxcuTest t;
    UploadResult r = t.upload("put.sxcu");
    CHECK(r.deletion_url == t.receiver.base() + "/dl-delete/clip.mp4");
    t.check_round_trip(r);
}

TEST_CASE("sxcu: an older file (RequestType, no Body, $json:…$) still uploads") {
    SxcuTest t;
    UploadResult r = t.upload("legacy.sxcu");
    CHECK(r.deletion_url == t.receiver.base() + "/dl-delete/dhclip.mp4");
    t.check_round_trip(r);
}

TEST_CASE("sxcu: an error answer is told through ErrorMessage, without the API key") {
    SxcuTest t;
    const std::string text = replace_all(sxcu_fixture_text("chevereto.sxcu"), "service-key-K3y", "wrong-key-W9");
    const std::string message = t.error_of("chevereto.sxcu", text);
    CHECK(message ==
          "destination \"svc\": POST " + t.receiver.base() + "/…: HTTP 400 Bad Request: Invalid API v1 key.");
    CHECK(message.find("wrong-key-W9") == std::string::npos);
}

TEST_CASE("sxcu: a 413 answer is a FileTooLargeError") {
    SxcuTest t;
    // A service with a size limit: the receiver's Discord route, limited to 1000 bytes.
    ShareReceiver::Options small;
    small.discord_max_bytes = 1000;
    ShareReceiver limited(small);
    const std::string text = replace_all(sxcu_fixture_text("zipline.sxcu"), "@RECEIVER@/zipline/api/upload",
                                         limited.discord_webhook_url() + "?wait=true");
    auto destination = make_destination(sxcu_destination(t.dir, limited, "big.sxcu", text));
    UploadRequest request;
    request.file = t.dir.file("clip.mp4");
    std::string message;
    try {
        destination->upload(request, t.progress);
    } catch (const FileTooLargeError& e) {
        message = e.what();
    }
    CHECK(message ==
          "destination \"svc\": POST " + limited.base() +
              "/…: HTTP 413 Payload Too Large: {\"message\": \"Request entity too large\", \"code\": 40005} (the "
              "file is larger than this "
              "service accepts; re-encode smaller or use another destination)");
    CHECK(message.find(limited.options().discord_token) == std::string::npos);
}

TEST_CASE("sxcu: unsupported features are named before anything is sent") {
    SxcuTest t;
    const std::string message = t.error_of("interactive.sxcu");
    CHECK(message ==
          "destination \"svc\": " + t.dir.file("interactive.sxcu") +
              ": not supported: field \"Headers.Authorization\": {prompt} (asks the user at upload time; put "
              "a fixed value in the file instead); field \"URL\": {select} (asks the user at upload time; put "
              "a fixed value in the file instead)");
    CHECK(t.receiver.hits("zipline") == 0);
}

TEST_CASE("sxcu: a body that cannot carry a file is named") {
    SxcuTest t;
    const std::string text = R"({"Version":"14.0.0","RequestURL":"@RECEIVER@/x","Body":"JSON","Data":"\\{\\}"})";
    CHECK(t.error_of("json.sxcu", text) ==
          "destination \"svc\": " + t.dir.file("json.sxcu") +
              ": field \"Body\": \"JSON\" does not carry a file; clipnote uploads files (MultipartFormData or Binary)");
}

TEST_CASE("sxcu: a dead service is reported without the URL's path (it may hold a key)") {
    SxcuTest t;
    const std::string dead = "http://127.0.0.1:" + std::to_string(free_loopback_port());
    std::ofstream(t.dir.file("dead.sxcu")) << replace_all(
        sxcu_fixture_text("zipline.sxcu"), "@RECEIVER@/zipline/api/upload", dead + "/upload/key-in-path-Q7");
    auto destination =
        make_destination(parse_config("[destination.svc]\nkind = \"sxcu\"\nfile = \"dead.sxcu\"\nretries = 0\n",
                                      t.dir.file("config.toml"))
                             .find("svc"));
    UploadRequest request;
    request.file = t.dir.file("clip.mp4");
    std::string message;
    try {
        destination->upload(request, t.progress);
    } catch (const Error& e) {
        message = e.what();
    }
    // The request is named once, then what went wrong.
    const std::string request_named = "POST " + dead + "/…: ";
    INFO(message);
    CHECK(message.starts_with("destination \"svc\": " + request_named));
    int named = 0;
    for (auto at = message.find(request_named); at != std::string::npos; at = message.find(request_named, at + 1)) ++named;
    CHECK(named == 1);
    CHECK(message.find("Couldn't connect to server (gave up after 1 attempts)") != std::string::npos);
    CHECK(message.find("key-in-path-Q7") == std::string::npos);
}

TEST_CASE("sxcu: a link that cannot be found in the answer names the field and shows the answer") {
    SxcuTest t;
    const std::string text = replace_all(sxcu_fixture_text("zipline.sxcu"), "{json:files[0]}", "{json:data.url}");
    const std::string message = t.error_of("zipline.sxcu", text);
    CHECK(message.starts_with("destination \"svc\": " + t.dir.file("zipline.sxcu") +
                              ": field \"URL\": {json:data.url}: no value at data.url (response: {\"files\":[\"http"));
}

TEST_CASE(
    "sxcu: a 6 MB file streams through the multipart body intact, and remove() without a DeletionURL only notes it") {
    SxcuTest t;
    write_random_file(t.dir.file("big.mp4"), 6 << 20, 52);
    auto destination = make_destination(sxcu_destination(t.dir, t.receiver, "zipline.sxcu"));
    UploadRequest request;
    request.file = t.dir.file("big.mp4");
    UploadResult r = destination->upload(request, t.progress);
    CHECK(t.receiver.problems().empty());
    CHECK(t.progress.last_done == 6u << 20);
    CHECK(curl_cli(r.url).body == read_binary_file(t.dir.file("big.mp4")));
    CHECK(r.remote_path.empty());
    destination->remove(r.remote_path, t.progress);
    REQUIRE_FALSE(t.progress.notes.empty());
    CHECK(
        t.progress.notes.back().ends_with("zipline.sxcu has no DeletionURL; remove the upload on the service itself"));
}

TEST_CASE("sxcu: an upload answered by a redirect gives {responseurl}, made absolute and not followed") {
    SxcuTest t;
    UploadResult r =
        t.upload("redirect.sxcu", R"({"Version":"14.0.0","RequestURL":"@RECEIVER@/redirect/",)"
                                  R"("Body":"MultipartFormData","FileFormName":"file","URL":"{responseurl}"})");
    CHECK(r.url.starts_with(t.receiver.base() + "/dl/"));
    CHECK(t.receiver.hits("redirect") == 1);
    t.check_round_trip(r);
}

TEST_CASE("sxcu: the link from an XML answer by {xml:/rsp/files/file[1]/url}") {
    SxcuTest t;
    UploadResult r = t.upload("xml.sxcu", R"({"Version":"14.0.0","RequestURL":"@RECEIVER@/xml/upload",)"
                                          R"("FileFormName":"media","URL":"{xml:/rsp/files/file[1]/url}"})");
    CHECK(t.receiver.hits("xml") == 1);
    t.check_round_trip(r);
}

TEST_CASE("sxcu: a ThumbnailURL or DeletionURL the answer lacks is left empty with a note; the upload stands") {
    SxcuTest t;
    const std::string text = replace_all(sxcu_fixture_text("zipline.sxcu"), R"("URL": "{json:files[0]}")",
                                         R"("URL": "{json:files[0]}", "ThumbnailURL": "{json:thumbnail}",)"
                                         R"( "DeletionURL": "{json:files[0].delete}")");
    UploadResult r = t.upload("zipline.sxcu", text);
    t.check_round_trip(r);
    CHECK(t.receiver.hits("zipline") == 1);
    CHECK(r.thumbnail_url.empty());
    CHECK(r.deletion_url.empty());
    CHECK(r.remote_path.empty());
    REQUIRE(t.progress.notes.size() == 2);
    CHECK(t.progress.notes[0].starts_with("destination \"svc\": " + t.dir.file("zipline.sxcu") +
                                          ": field \"ThumbnailURL\": {json:thumbnail}: no value at thumbnail"));
    CHECK(t.progress.notes[0].ends_with("; left empty"));
    CHECK(t.progress.notes[1].find("field \"DeletionURL\"") != std::string::npos);
}

TEST_CASE("sxcu: {filename} is encoded for where it lands: a path segment and a query value") {
    SxcuTest t;
    const std::string name = "a b?c#d&e+f%41.mp4";
    auto destination = make_destination(sxcu_destination(
        t.dir, t.receiver, "named.sxcu",
        R"({"Version":"14.0.0","RequestURL":"@RECEIVER@/named/{filename}?name={filename}&x=1",)"
        R"("Body":"MultipartFormData","FileFormName":"file"})"));
    UploadRequest request;
    request.file = t.dir.file("clip.mp4");
    request.remote_name = name;
    UploadResult r = destination->upload(request, t.progress);
    CHECK(t.receiver.hits("named") == 1);
    CHECK(t.receiver.messages("named.path") == std::vector<std::string>{name});
    CHECK(t.receiver.messages("named.query") == std::vector<std::string>{name});
    t.check_round_trip(r);
}
