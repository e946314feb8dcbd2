// The app's phase logic (app/gui/app_model.h) driven with events and a fake clock: no SDL, no X,
// no recorder. Every phase and the commands each event asks for.
#include <doctest/doctest.h>

#include <chrono>

#include "app/gui/app_model.h"

using namespace clipnote;
using namespace clipnote::gui;
using namespace std::chrono_literals;

namespace {

using K = Command::Kind;

std::vector<K> kinds(const Commands& c) {
    std::vector<K> out;
    for (const Command& x : c) out.push_back(x.kind);
    return out;
}

RecorderSnapshot snapshot(RecorderState state, const std::string& output = {}, double elapsed = 0) {
    RecorderSnapshot s;
    s.state = state;
    s.output = output;
    s.elapsed_s = elapsed;
    return s;
}

FinishResult finished_ok(const std::string& file) {
    FinishResult f;
    f.ok = true;
    f.file = file;
    return f;
}

// A model past its countdown with the recorder started: the state most tests begin in.
struct Recording {
    TimePoint t0{};  // the fake clock's zero
    AppModel model{ModelSettings{3, true}};
    explicit Recording(bool reaction = false) {
        CHECK(kinds(reaction ? model.react_pressed(t0) : model.record_pressed(t0)).empty());
        REQUIRE(model.phase() == Phase::countdown);
        REQUIRE(kinds(model.tick(t0 + 3s)) == std::vector<K>{K::start_recorder});
        REQUIRE(model.phase() == Phase::recording);
        model.recorder_changed(snapshot(RecorderState::recording));
    }
};

}  // namespace

TEST_CASE("countdown: the recorder starts when it ends, not before") {
    TimePoint t0{};
    AppModel m{ModelSettings{3, true}};
    CHECK(m.record_pressed(t0).empty());
    CHECK(m.phase() == Phase::countdown);
    CHECK(m.countdown_left_s(t0 + 1s) == doctest::Approx(2.0));
    CHECK(m.tick(t0 + 2999ms).empty());
    CHECK(m.wait_hint_ms(t0 + 2990ms) == 10);  // wakes exactly when it ends
    CHECK(kinds(m.tick(t0 + 3s)) == std::vector<K>{K::start_recorder});
    CHECK(m.phase() == Phase::recording);
    CHECK(m.recorder_running());
    CHECK(m.tick(t0 + 4s).empty());  // started once
}

TEST_CASE("countdown: cancel or a second record press goes back to idle without recording") {
    TimePoint t0{};
    AppModel m{ModelSettings{3, true}};
    m.record_pressed(t0);
    CHECK(m.cancel_pressed(t0 + 1s).empty());
    CHECK(m.phase() == Phase::idle);
    CHECK(m.tick(t0 + 5s).empty());
    m.record_pressed(t0 + 6s);
    m.record_pressed(t0 + 7s);
    CHECK(m.phase() == Phase::idle);
}

TEST_CASE("no countdown: the recorder starts on the next tick") {
    TimePoint t0{};
    AppModel m{ModelSettings{0, true}};
    m.react_pressed(t0);
    CHECK(m.reaction());
    CHECK(kinds(m.tick(t0)) == std::vector<K>{K::start_recorder});
}

TEST_CASE("a recorder that cannot start: back to idle with the reason") {
    Recording r;
    const Commands c = r.model.recorder_start_failed("no camera found");
    REQUIRE(c.size() == 1);
    CHECK(c[0].kind == K::show_message);
    CHECK(c[0].text == "no camera found");
    CHECK(r.model.phase() == Phase::idle);
    CHECK_FALSE(r.model.recorder_running());
}

TEST_CASE("recording: record again stops; the finish steps run on the result; review opens") {
    Recording r;
    CHECK(kinds(r.model.record_pressed(r.t0 + 5s)) == std::vector<K>{K::stop_recorder});
    CHECK(r.model.recorder_changed(snapshot(RecorderState::finishing)).empty());
    CHECK(r.model.phase() == Phase::finishing);
    const Commands f = r.model.recorder_changed(snapshot(RecorderState::done, "/v/a.mp4", 2.5));
    REQUIRE(kinds(f) == std::vector<K>{K::finish_recording});
    CHECK(f[0].file == "/v/a.mp4");
    CHECK(r.model.recorder_changed(snapshot(RecorderState::done, "/v/a.mp4", 2.5)).empty());  // once
    const Commands review = r.model.finish_ended(finished_ok("/v/a.mp4"));
    REQUIRE(kinds(review) == std::vector<K>{K::open_review});
    CHECK(r.model.phase() == Phase::review);
    CHECK(r.model.review().file == "/v/a.mp4");
    CHECK(r.model.review().duration_s == doctest::Approx(2.5));
}

TEST_CASE("review: share leaves it to the controller; keep lists it unshared") {
    Recording r;
    r.model.recorder_changed(snapshot(RecorderState::done, "/v/a.mp4", 2));
    r.model.finish_ended(finished_ok("/v/a.mp4"));
    SUBCASE("share") {
        CHECK(r.model.share_chosen().empty());
        CHECK(r.model.phase() == Phase::idle);
        CHECK(r.model.keep_chosen().empty());  // no longer reviewing
    }
    SUBCASE("keep") {
        const Commands c = r.model.keep_chosen();
        REQUIRE(kinds(c) == std::vector<K>{K::keep_unshared});
        CHECK(c[0].file == "/v/a.mp4");
        CHECK(r.model.phase() == Phase::idle);
    }
    SUBCASE("quit while reviewing keeps it") {
        CHECK(kinds(r.model.quitting()) == std::vector<K>{K::keep_unshared});
    }
}

TEST_CASE("review again: after a share that did not go ahead, unless something else has started") {
    Recording r;
    r.model.recorder_changed(snapshot(RecorderState::done, "/v/a.mp4", 2));
    r.model.finish_ended(finished_ok("/v/a.mp4"));
    r.model.share_chosen();
    REQUIRE(r.model.phase() == Phase::idle);
    SUBCASE("idle: Review opens on the same clip") {
        const Commands c = r.model.review_again({"/v/a.mp4", 2});
        REQUIRE(kinds(c) == std::vector<K>{K::open_review});
        CHECK(c[0].file == "/v/a.mp4");
        CHECK(r.model.phase() == Phase::review);
        CHECK(r.model.review().file == "/v/a.mp4");
        CHECK(kinds(r.model.keep_chosen()) == std::vector<K>{K::keep_unshared});  // and Esc keeps it, as before
    }
    SUBCASE("a new recording's countdown under way: nothing, the controller shares what it made") {
        r.model.record_pressed(r.t0 + 10s);
        REQUIRE(r.model.phase() == Phase::countdown);
        CHECK(r.model.review_again({"/v/a.mp4", 2}).empty());
        CHECK(r.model.phase() == Phase::countdown);
    }
}

TEST_CASE("no review: a video update is uploaded as soon as it is finished") {
    TimePoint t0{};
    AppModel m{ModelSettings{0, false}};
    m.record_pressed(t0);
    m.tick(t0);
    m.recorder_changed(snapshot(RecorderState::done, "/v/update.mp4", 4));
    const Commands c = m.finish_ended(finished_ok("/v/update.mp4"));
    REQUIRE(kinds(c) == std::vector<K>{K::upload});
    CHECK(c[0].text == "update");
    CHECK(c[0].duration_s == doctest::Approx(4.0));
    CHECK(m.phase() == Phase::idle);
}

TEST_CASE("reaction: one cancel discards it; it is uploaded as 'reaction' without review; no pause") {
    SUBCASE("uploaded") {
        Recording r(true);
        CHECK(r.model.pause_pressed().empty());
        r.model.recorder_changed(snapshot(RecorderState::done, "/v/r.gif", 3));
        const Commands c = r.model.finish_ended(finished_ok("/v/r.gif"));
        REQUIRE(kinds(c) == std::vector<K>{K::upload});
        CHECK(c[0].text == "reaction");
    }
    SUBCASE("over its size limit: still uploaded, the MP4 it came from kept in History, the user told") {
        Recording r(true);
        r.model.recorder_changed(snapshot(RecorderState::done, "/v/r.gif", 3));
        FinishResult f = finished_ok("/v/r.gif");
        f.gif_fits = false;
        f.kept_recording = "/v/r.gif-source.mp4";
        const Commands c = r.model.finish_ended(f);
        REQUIRE(kinds(c) == std::vector<K>{K::list_in_history, K::show_message, K::upload});
        CHECK(c[0].file == "/v/r.gif-source.mp4");
        CHECK(c[1].text.find("size limit") != std::string::npos);
        CHECK(c[2].file == "/v/r.gif");
    }
    SUBCASE("fitted to its size limit: uploaded, the user told what it gave up") {
        Recording r(true);
        r.model.recorder_changed(snapshot(RecorderState::done, "/v/r.gif", 3));
        FinishResult f = finished_ok("/v/r.gif");
        f.gif_gave_up = "15 -> 10 fps";
        const Commands c = r.model.finish_ended(f);
        REQUIRE(kinds(c) == std::vector<K>{K::show_message, K::upload});
        CHECK(c[0].text.find("gave up 15 -> 10 fps") != std::string::npos);
        CHECK(c[1].file == "/v/r.gif");
    }
    SUBCASE("cancelled") {
        Recording r(true);
        CHECK(kinds(r.model.cancel_pressed(r.t0 + 4s)) == std::vector<K>{K::cancel_recorder});
        CHECK(r.model.recorder_changed(snapshot(RecorderState::idle)).empty());
        CHECK(r.model.phase() == Phase::idle);
        CHECK_FALSE(r.model.recorder_running());
    }
}

TEST_CASE("recording: cancel needs a second press within 3 s") {
    Recording r;
    CHECK(r.model.cancel_pressed(r.t0 + 4s).empty());
    CHECK(r.model.cancel_armed(r.t0 + 5s));
    CHECK_FALSE(r.model.cancel_armed(r.t0 + 7s));
    CHECK(r.model.cancel_pressed(r.t0 + 8s).empty());  // too late: armed again instead
    CHECK(kinds(r.model.cancel_pressed(r.t0 + 9s)) == std::vector<K>{K::cancel_recorder});
    CHECK(r.model.recorder_changed(snapshot(RecorderState::idle)).empty());
    CHECK(r.model.phase() == Phase::idle);
}

TEST_CASE("recording: pause and resume follow the recorder's own state") {
    Recording r;
    CHECK(kinds(r.model.pause_pressed()) == std::vector<K>{K::pause_recorder});
    CHECK_FALSE(r.model.paused());  // not until the recorder says so
    r.model.recorder_changed(snapshot(RecorderState::paused));
    CHECK(r.model.paused());
    CHECK(kinds(r.model.pause_pressed()) == std::vector<K>{K::resume_recorder});
    r.model.recorder_changed(snapshot(RecorderState::recording));
    CHECK(kinds(r.model.pause_pressed()) == std::vector<K>{K::pause_recorder});
    SUBCASE("stop while paused") {
        r.model.recorder_changed(snapshot(RecorderState::paused));
        CHECK(kinds(r.model.record_pressed(r.t0 + 9s)) == std::vector<K>{K::stop_recorder});
    }
}

TEST_CASE("a failed recording: the message names the error and where the file is; a kept file is listed") {
    Recording r;
    RecorderSnapshot s = snapshot(RecorderState::failed, "/v/a.mp4", 2);
    s.error = "cannot read screen";
    s.note = "what was recorded is saved in /v/a.mp4";
    const Commands c = r.model.recorder_changed(s);
    REQUIRE(kinds(c) == std::vector<K>{K::keep_unshared, K::show_message});
    CHECK(c[0].file == "/v/a.mp4");
    CHECK(c[0].duration_s == doctest::Approx(2.0));
    CHECK(c[1].text == "cannot read screen; what was recorded is saved in /v/a.mp4");
    CHECK(r.model.phase() == Phase::idle);

    Recording nothing;  // nothing recorded, nothing kept: only the message
    RecorderSnapshot empty = snapshot(RecorderState::failed);
    empty.error = "nothing was recorded";
    CHECK(kinds(nothing.model.recorder_changed(empty)) == std::vector<K>{K::show_message});
}

TEST_CASE("finishing: cancel stops the finish steps and keeps the recording unshared") {
    Recording r;
    r.model.recorder_changed(snapshot(RecorderState::done, "/v/a.mp4", 3));
    REQUIRE(r.model.phase() == Phase::finishing);
    CHECK(r.model.record_pressed(r.t0 + 9s).empty());  // nothing to stop
    CHECK(r.model.pause_pressed().empty());
    CHECK(kinds(r.model.cancel_pressed(r.t0 + 9s)) == std::vector<K>{K::cancel_finishing});
    FinishResult f;
    f.cancelled = true;
    f.file = "/v/a.mp4";
    f.note = "the recording is kept in /v/a.mp4";
    const Commands c = r.model.finish_ended(f);
    REQUIRE(kinds(c) == std::vector<K>{K::keep_unshared, K::show_message});
    CHECK(c[0].file == "/v/a.mp4");
    CHECK(c[0].duration_s == doctest::Approx(3.0));
    CHECK(r.model.phase() == Phase::idle);
}

TEST_CASE("finishing: a failed GIF step reports the error and where the recording is") {
    Recording r;
    r.model.recorder_changed(snapshot(RecorderState::done, "/v/.a.mp4", 3));
    FinishResult f;
    f.error = "GIF failed";
    f.note = "the recording is kept in /v/.a.mp4";
    f.file = "/v/.a.mp4";
    const Commands c = r.model.finish_ended(f);
    REQUIRE(kinds(c) == std::vector<K>{K::keep_unshared, K::show_message});
    CHECK(c[0].file == "/v/.a.mp4");  // listed in History, so it is found again
    CHECK(c[1].text == "GIF failed; the recording is kept in /v/.a.mp4");
    CHECK(r.model.phase() == Phase::idle);
}

TEST_CASE("quitting while recording stops the recorder; a second recording runs after the first") {
    Recording r;
    CHECK(kinds(r.model.quitting()) == std::vector<K>{K::stop_recorder});
    r.model.recorder_changed(snapshot(RecorderState::done, "/v/a.mp4", 1));
    r.model.finish_ended(finished_ok("/v/a.mp4"));
    r.model.keep_chosen();
    REQUIRE(r.model.phase() == Phase::idle);
    r.model.record_pressed(r.t0 + 20s);
    CHECK(kinds(r.model.tick(r.t0 + 23s)) == std::vector<K>{K::start_recorder});
    CHECK(r.model.phase() == Phase::recording);
}

TEST_CASE("hotkeys that do not apply change nothing") {
    TimePoint t0{};
    AppModel m;
    CHECK(m.cancel_pressed(t0).empty());
    CHECK(m.pause_pressed().empty());
    CHECK(m.share_chosen().empty());
    CHECK(m.keep_chosen().empty());
    CHECK(m.quitting().empty());
    CHECK(m.recorder_changed(snapshot(RecorderState::done, "/x")).empty());  // no recorder of ours
    CHECK(m.finish_ended(finished_ok("/x")).empty());
    CHECK(m.phase() == Phase::idle);
    m.record_pressed(t0);
    CHECK(m.react_pressed(t0).empty());  // already counting down
    CHECK_FALSE(m.reaction());
}
