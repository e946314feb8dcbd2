#pragma once
// One error type for every stage: it names the failing call and carries the library's own text
// (av_err2str, curl_easy_strerror, errno), so a shell can print it as one clear line.
#include <stdexcept>
#include <string>

namespace clipnote {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace clipnote
