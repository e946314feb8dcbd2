#include "upload/destination.h"

namespace clipnote::upload {

ByteCounter::ByteCounter(Progress& progress, std::uint64_t total, std::size_t slots)
    : progress_(progress), total_(total), in_flight_(slots, 0) {}

void ByteCounter::set(std::size_t slot, std::uint64_t sent) {
    std::lock_guard lock(mutex_);
    in_flight_[slot] = sent;
    report();
}

void ByteCounter::commit(std::size_t slot, std::uint64_t bytes) {
    std::lock_guard lock(mutex_);
    in_flight_[slot] = 0;
    committed_ += bytes;
    report();
}

void ByteCounter::add_done(std::uint64_t bytes) {
    std::lock_guard lock(mutex_);
    committed_ += bytes;
    report();
}

void ByteCounter::report() {
    std::uint64_t done = committed_;
    for (auto b : in_flight_) done += b;
    // A retried part starts again from 0; the bar should not run backwards for that.
    done = std::min(total_, std::max(done, last_reported_));
    last_reported_ = done;
    progress_.on_bytes(done, total_);
}

}  // namespace clipnote::upload
