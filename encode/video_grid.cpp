#include "encode/video_grid.h"

#include <cmath>

namespace clipnote {

int64_t VideoGrid::slot_at(int64_t time_us) const {
    const double exact = double(time_us - origin_us_) * fps_ / 1e6;
    return int64_t(std::floor(exact + 1e-9));
}

VideoGrid::Placement VideoGrid::place(int64_t capture_us) {
    const double exact = double(capture_us - origin_us_) * fps_ / 1e6;
    Placement p;
    if (exact < double(next_slot_) - 1.0) {
        p.dropped = true;
        ++dropped_;
        return p;
    }
    if (exact < double(next_slot_) + 1.0) {
        p.slot = next_slot_;
    } else {
        p.slot = int64_t(std::llround(exact));
        p.repeats = p.slot - next_slot_;
        duplicated_ += uint64_t(p.repeats);
    }
    next_slot_ = p.slot + 1;
    return p;
}

int64_t VideoGrid::fill_until(int64_t slot) {
    if (slot <= next_slot_) return 0;
    const int64_t n = slot - next_slot_;
    duplicated_ += uint64_t(n);
    next_slot_ = slot;
    return n;
}

}  // namespace clipnote
