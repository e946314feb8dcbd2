#include "upload/transport/curl_handles.h"

#include <mutex>

#include "common/error.h"

namespace clipnote::upload {

void ensure_curl_global() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw Error("curl_global_init failed");
    });
}

EasyPtr make_easy() {
    ensure_curl_global();
    EasyPtr e(curl_easy_init());
    if (!e) throw Error("curl_easy_init failed");
    return e;
}

MimePtr make_mime(CURL* easy) {
    MimePtr m(curl_mime_init(easy));
    if (!m) throw Error("curl_mime_init failed");
    return m;
}

void HeaderList::append(const std::string& line) {
    curl_slist* next = curl_slist_append(list_, line.c_str());
    if (!next) throw Error("curl_slist_append: out of memory");
    list_ = next;
}

void check_curl(CURLcode code, const char* what) {
    if (code != CURLE_OK) throw Error(std::string(what) + ": " + curl_easy_strerror(code));
}

}  // namespace clipnote::upload
