// kind = "local": a copy in a folder of its own, a file:// link, earlier copies never overwritten.
#include <doctest/doctest.h>

#include "fixtures/net.h"
#include "support/temp_dir.h"
#include "test_helpers.h"
#include "upload/config.h"
#include "upload/destination_factory.h"
#include "upload/probe.h"

using namespace clipnote::upload;
using namespace clipnote::test;

TEST_CASE("local: copies into a folder of its own and links with a file:// URI; a second copy gets another folder") {
    TempDir dir;
    write_random_file(dir.file("my clip.mp4"), 300000, 31);
    Config c = parse_config("[destination.disk]\nkind = \"local\"\nfolder = \"out\"\n", dir.file("config.toml"));
    auto destination = make_destination(c.find("disk"));
    UploadRequest request;
    request.file = dir.file("my clip.mp4");
    RecordingProgress progress;
    UploadResult first = destination->upload(request, progress);
    const KeyParts key = key_parts(first.remote_path);
    CHECK(key.folders.empty());
    CHECK(looks_like_object_id(key.id));
    CHECK(key.name == "my clip.mp4");
    CHECK(first.url == "file://" + dir.path() + "/out/" + key.id + "/my%20clip.mp4");
    CHECK(read_binary_file(dir.file("out/" + key.id + "/my clip.mp4")) == read_binary_file(dir.file("my clip.mp4")));

    // The same name again, other bytes: the first link keeps showing the first file.
    write_random_file(dir.file("my clip.mp4"), 1000, 32);
    UploadResult second = destination->upload(request, progress);
    CHECK(second.url != first.url);
    CHECK(key_parts(second.remote_path).name == "my clip.mp4");
    CHECK(fetch_link(second.url, {}) == read_binary_file(dir.file("my clip.mp4")));
    CHECK(fetch_link(first.url, {}).size() == 300000);
}

TEST_CASE("local: destinations test round-trips a probe file and removes it") {
    TempDir dir;
    Config c = parse_config("[destination.disk]\nkind = \"local\"\nfolder = \"out\"\n", dir.file("config.toml"));
    auto destination = make_destination(c.find("disk"));
    RecordingProgress progress;
    ProbeResult r = probe_destination(c.find("disk"), *destination, progress);
    CHECK(r.link_checked);
    CHECK(std::filesystem::is_empty(dir.file("out")));
}
