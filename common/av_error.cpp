#include "common/error.h"

extern "C" {
#include <libavutil/error.h>
}

namespace clipnote {

std::string av_error_text(int averror) {
    char buf[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(averror, buf, sizeof buf);
    return buf;
}

int check_av(int ret, const std::string& what) {
    if (ret < 0) throw Error(what + ": " + av_error_text(ret));
    return ret;
}

}  // namespace clipnote
