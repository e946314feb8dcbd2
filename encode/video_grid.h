#pragma once
// Places captured pictures on the constant-frame-rate grid of the output. Frame i of the output
// shows at origin + i/fps. A picture that arrives within a period of the next free slot takes it
// (capture jitter is not a reason to drop or duplicate); a picture more than a period early is
// dropped; a gap of more than a period is bridged by repeating the last picture.
#include <cstdint>

namespace clipnote {

class VideoGrid {
public:
    explicit VideoGrid(int fps) : fps_(fps) {}

    void set_origin(int64_t origin_us) { origin_us_ = origin_us; }
    void shift_origin(int64_t by_us) { origin_us_ += by_us; }
    int64_t origin_us() const { return origin_us_; }
    int fps() const { return fps_; }

    struct Placement {
        bool dropped = false;
        int64_t slot = 0;     // where the picture goes (valid unless dropped)
        int64_t repeats = 0;  // slots before it to fill with the previous picture
    };
    // Decides where a picture captured at `capture_us` goes and claims the slots.
    Placement place(int64_t capture_us);
    // Claims the slots up to (not including) `slot` for repeats of the last picture; returns how many.
    int64_t fill_until(int64_t slot);

    // The slot whose time is at or just before `time_us`.
    int64_t slot_at(int64_t time_us) const;
    int64_t next_slot() const { return next_slot_; }

    uint64_t dropped() const { return dropped_; }
    uint64_t duplicated() const { return duplicated_; }

private:
    int fps_;
    int64_t origin_us_ = 0;
    int64_t next_slot_ = 0;
    uint64_t dropped_ = 0;
    uint64_t duplicated_ = 0;
};

}  // namespace clipnote
