// SigV4 against the worked examples in AWS's S3 documentation (fixed keys and time), so the
// signer is right before any server is involved. The S3 tests then check it against aws4.
#include <doctest/doctest.h>

#include <ctime>

#include "upload/transport/crypto.h"
#include "upload/s3/sigv4.h"

using namespace clipnote::upload;

namespace {

std::chrono::system_clock::time_point may_24_2013() {
    std::tm tm{};
    tm.tm_year = 2013 - 1900;
    tm.tm_mon = 4;
    tm.tm_mday = 24;
    return std::chrono::system_clock::from_time_t(timegm(&tm));
}

AwsCredentials example_credentials() {
    return {"AKIAIOSFODNN7EXAMPLE", Secret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), Secret()};
}

}  // namespace

TEST_CASE("signs the documented GET Object example (Range header) like AWS") {
    SigV4Request r;
    r.method = "GET";
    r.host = "examplebucket.s3.amazonaws.com";
    r.canonical_uri = "/test.txt";
    r.headers = {{"range", "bytes=0-9"}};
    r.payload_sha256_hex = to_hex(sha256(""));
    auto headers = sigv4_sign_headers(r, example_credentials(), {"us-east-1"}, may_24_2013());
    REQUIRE(headers.size() == 3);
    CHECK(headers[0] == "x-amz-date: 20130524T000000Z");
    CHECK(headers[2] ==
          "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
          "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
          "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

TEST_CASE("presigns the documented GET example (24 h) like AWS") {
    SigV4Request r;
    r.method = "GET";
    r.host = "examplebucket.s3.amazonaws.com";
    r.canonical_uri = "/test.txt";
    const std::string q =
        sigv4_presign_query(r, example_credentials(), {"us-east-1"}, may_24_2013(), std::chrono::hours(24));
    CHECK(q ==
          "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2F"
          "aws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
          "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
}

TEST_CASE("canonical query strings are encoded and sorted, empty values kept as 'name='") {
    CHECK(canonical_query_string({{"uploadId", "a b/c"}, {"partNumber", "2"}}) == "partNumber=2&uploadId=a%20b%2Fc");
    CHECK(canonical_query_string({{"uploads", ""}}) == "uploads=");
}
