#pragma once
// RAII owners for libcurl handles (easy, header list, mime) and the one way curl failures become
// clipnote::Error. Internal to the upload layer: curl types stay out of the public headers.
#include <curl/curl.h>

#include <memory>
#include <string>

namespace clipnote::upload {

// curl_global_init is not thread-safe; every handle maker calls this first.
void ensure_curl_global();

struct EasyDeleter {
    void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct MimeDeleter {
    void operator()(curl_mime* m) const { curl_mime_free(m); }
};
using EasyPtr = std::unique_ptr<CURL, EasyDeleter>;
using MimePtr = std::unique_ptr<curl_mime, MimeDeleter>;

EasyPtr make_easy();
MimePtr make_mime(CURL* easy);

// A curl_slist that frees itself. append() copies the string.
class HeaderList {
public:
    HeaderList() = default;
    ~HeaderList() { curl_slist_free_all(list_); }
    HeaderList(const HeaderList&) = delete;
    HeaderList& operator=(const HeaderList&) = delete;
    void append(const std::string& line);
    curl_slist* get() const { return list_; }

private:
    curl_slist* list_ = nullptr;
};

// Throws Error("<what>: <curl_easy_strerror>") unless code is CURLE_OK.
void check_curl(CURLcode code, const char* what);

}  // namespace clipnote::upload
