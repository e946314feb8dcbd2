// The Recorder's transition table (encode/recorder_state.h), every state against every event.
#include <doctest/doctest.h>

#include <map>
#include <optional>
#include <utility>

#include "encode/recorder_state.h"

using namespace clipnote;

namespace {

using S = RecorderState;
using E = RecorderEvent;

const S kStates[] = {S::idle, S::recording, S::paused, S::finishing, S::done, S::failed};
const E kEvents[] = {E::start,         E::pause,    E::resume,        E::stop,     E::cancel,
                     E::source_failed, E::finished, E::finish_failed, E::discarded};

// Every transition that exists; any pair not listed must be refused.
const std::map<std::pair<S, E>, S> kAllowed = {
    {{S::idle, E::start}, S::recording},
    {{S::done, E::start}, S::recording},  // a Recorder records again
    {{S::failed, E::start}, S::recording},
    {{S::recording, E::pause}, S::paused},
    {{S::recording, E::stop}, S::finishing},
    {{S::recording, E::cancel}, S::finishing},
    {{S::recording, E::source_failed}, S::finishing},
    {{S::paused, E::resume}, S::recording},
    {{S::paused, E::stop}, S::finishing},
    {{S::paused, E::cancel}, S::finishing},
    {{S::paused, E::source_failed}, S::finishing},
    {{S::finishing, E::finished}, S::done},
    {{S::finishing, E::finish_failed}, S::failed},
    {{S::finishing, E::discarded}, S::idle},
};

}  // namespace

TEST_CASE("every state and event: the transition table allows exactly the listed moves") {
    int allowed = 0;
    for (S s : kStates) {
        for (E e : kEvents) {
            CAPTURE(to_string(s));
            CAPTURE(to_string(e));
            const std::optional<S> next = next_state(s, e);
            const auto it = kAllowed.find({s, e});
            if (it == kAllowed.end()) {
                CHECK_FALSE(next.has_value());
            } else {
                REQUIRE(next.has_value());
                CHECK(*next == it->second);
                ++allowed;
            }
        }
    }
    CHECK(allowed == int(kAllowed.size()));
}

TEST_CASE("start is allowed only when nothing is running") {
    CHECK(can_start(S::idle));
    CHECK(can_start(S::done));
    CHECK(can_start(S::failed));
    CHECK_FALSE(can_start(S::recording));
    CHECK_FALSE(can_start(S::paused));
    CHECK_FALSE(can_start(S::finishing));
}

TEST_CASE("a whole life: record, pause, resume, stop, finish, record again, fail, record again") {
    S s = S::idle;
    for (E e : {E::start, E::pause, E::resume, E::stop, E::finished, E::start, E::source_failed, E::finish_failed,
                E::start, E::cancel, E::discarded}) {
        const std::optional<S> next = next_state(s, e);
        REQUIRE_MESSAGE(next.has_value(), to_string(s), " refused ", to_string(e));
        s = *next;
    }
    CHECK(s == S::idle);
}
