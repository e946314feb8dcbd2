#include <doctest/doctest.h>

#include "encode/video_grid.h"

using clipnote::VideoGrid;

TEST_CASE("a steady source fills one slot per picture, jitter or not") {
    VideoGrid grid(30);
    grid.set_origin(1'000'000);
    for (int i = 0; i < 90; ++i) {
        const int64_t jitter = (i % 3 == 0) ? 12'000 : -9'000;  // +-12 ms around the ideal time
        const auto p = grid.place(1'000'000 + i * 33'333 + jitter);
        CHECK_FALSE(p.dropped);
        CHECK(p.slot == i);
        CHECK(p.repeats == 0);
    }
    CHECK(grid.dropped() == 0);
    CHECK(grid.duplicated() == 0);
}

TEST_CASE("duplicates the last picture across a 200 ms gap") {
    VideoGrid grid(30);
    grid.set_origin(0);
    CHECK(grid.place(0).slot == 0);
    CHECK(grid.place(33'333).slot == 1);
    const auto p = grid.place(33'333 + 200'000);  // 6 periods later
    CHECK(p.slot == 7);
    CHECK(p.repeats == 5);
    CHECK(grid.duplicated() == 5);
}

TEST_CASE("drops a picture that arrives more than a period early") {
    VideoGrid grid(30);
    grid.set_origin(0);
    for (int i = 0; i < 10; ++i) grid.place(i * 33'333);
    // A burst: three pictures captured within the same millisecond, at slot 10's time.
    const auto first = grid.place(333'330);
    const auto second = grid.place(333'331);
    const auto third = grid.place(333'332);
    CHECK(first.slot == 10);
    CHECK(second.dropped);  // slot 11 is a whole period later than its capture
    CHECK(third.dropped);
    CHECK(grid.dropped() == 2);
    // A picture 20 ms early for slot 11 still takes it: jitter is tolerated.
    CHECK(grid.place(366'663 - 20'000).slot == 11);
}

TEST_CASE("fill_until repeats up to the end of the recording") {
    VideoGrid grid(25);
    grid.set_origin(0);
    grid.place(0);
    CHECK(grid.fill_until(50) == 49);
    CHECK(grid.next_slot() == 50);
    CHECK(grid.fill_until(10) == 0);
}

TEST_CASE("a pause moves the origin so the grid continues without a gap") {
    VideoGrid grid(10);
    grid.set_origin(0);
    for (int i = 0; i < 5; ++i) grid.place(i * 100'000);
    grid.shift_origin(3'000'000);  // paused for 3 s
    const auto p = grid.place(3'500'000);
    CHECK(p.slot == 5);
    CHECK(p.repeats == 0);
}
