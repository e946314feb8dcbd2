// kind = "local": a copy in a folder, a file:// link, earlier copies never overwritten.
#include <doctest/doctest.h>

#include "fixtures/net.h"
#include "support/temp_dir.h"
#include "test_helpers.h"
#include "upload/config.h"
#include "upload/destination_factory.h"
#include "upload/probe.h"

using namespace clipnote::upload;
using namespace clipnote::test;

TEST_CASE("local: copies into the folder and links with a file:// URI, a second copy gets a new name") {
    TempDir dir;
    write_random_file(dir.file("my clip.mp4"), 300000, 31);
    Config c = parse_config("[destination.disk]\nkind = \"local\"\nfolder = \"out\"\n", dir.file("config.toml"));
    auto destination = make_destination(c.find("disk"));
    UploadRequest request;
    request.file = dir.file("my clip.mp4");
    RecordingProgress progress;
    UploadResult first = destination->upload(request, progress);
    CHECK(first.url == "file://" + dir.path() + "/out/my%20clip.mp4");
    CHECK(read_binary_file(dir.file("out/my clip.mp4")) == read_binary_file(dir.file("my clip.mp4")));
    UploadResult second = destination->upload(request, progress);
    CHECK(second.remote_path == "my clip-2.mp4");
    CHECK(fetch_link(second.url, {}) == read_binary_file(dir.file("my clip.mp4")));
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
