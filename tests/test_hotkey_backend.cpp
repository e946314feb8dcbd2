// The app's hotkeys behind HotkeyBackend: chords parse without an X server, the app binds and
// starts whatever backend the session has through the interface alone, and without a display
// there is no backend and one line says why. Also the panels' BackgroundWorker, which keeps
// SQLite, config.toml and xclip off the drawing thread.
#include <doctest/doctest.h>

#include <X11/keysym.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "app/gui/app_settings.h"
#include "app/gui/background_worker.h"
#include "app/gui/hotkeys/app_hotkeys.h"
#include "app/gui/hotkeys/chord.h"
#include "app/gui/hotkeys/hotkey_backend.h"
#include "app/gui/hotkeys/portal_hotkeys.h"
#include "app/gui/ui_state.h"
#include "common/error.h"

using namespace clipnote;
using namespace clipnote::gui;

namespace {

// Records what the app asks for; fails the chords it is told to; presses on demand.
class FakeBackend final : public HotkeyBackend {
public:
    std::vector<HotkeyRequest> requests;
    std::vector<HotkeyProblem> to_fail;
    std::function<void(int)> on_press;
    bool started = false;

    std::string name() const override { return "fake"; }
    std::vector<HotkeyProblem> bind_all(const std::vector<HotkeyRequest>& wanted) override {
        CHECK_FALSE(started);  // bound before it starts
        requests = wanted;
        return to_fail;
    }
    void start(std::function<void(int)> press, std::function<void()>) override {
        started = true;
        on_press = std::move(press);
    }
    std::string assigned(int id) const override {
        for (const auto& r : requests)
            if (r.id == id) return r.chord;
        return "";
    }
};

}  // namespace

TEST_CASE("a chord names its modifiers and its key by keysym") {
    const Chord c = parse_chord("ctrl+alt+g");
    CHECK(c.modifiers == (kChordCtrl | kChordAlt));
    CHECK(c.keysym == XK_g);
    CHECK(c.text == "ctrl+alt+g");

    const Chord f9 = parse_chord("super+shift+F9");
    CHECK(f9.modifiers == (kChordSuper | kChordShift));
    CHECK(f9.keysym == XK_F9);

    // Modifiers in any case and their other names; a key X only knows in lower case.
    CHECK(parse_chord("Control+WIN+meta+Return").modifiers == (kChordCtrl | kChordSuper));
    CHECK(parse_chord("Control+WIN+meta+Return").keysym == XK_Return);
    CHECK(parse_chord("ctrl+SPACE").keysym == XK_space);
}

TEST_CASE("a chord with an unknown key or modifier is refused in one line naming it") {
    CHECK_THROWS_WITH_AS(parse_chord("hyper+g"), "hotkey \"hyper+g\": unknown modifier \"hyper\"", Error);
    CHECK_THROWS_WITH_AS(parse_chord("ctrl+alt+nosuchkey"), "hotkey \"ctrl+alt+nosuchkey\": unknown key \"nosuchkey\"",
                         Error);
    CHECK_THROWS_WITH_AS(parse_chord(""), "empty hotkey", Error);
}

TEST_CASE("without a usable X display there is no hotkey backend, and one line says why") {
    const OpenedHotkeys opened = open_hotkey_backend(":5417");
    CHECK(opened.backend == nullptr);
    CHECK(opened.why_not == "cannot open X display ':5417' for hotkeys");
}

TEST_CASE("the app binds its two hotkeys through the backend interface and hears their presses") {
    AppSettings settings;
    settings.record_hotkey = "ctrl+alt+k";
    settings.reaction_hotkey = "super+F9";
    UiState ui;
    ui.hotkey_problem[kRecordHotkey] = "an old problem";
    FakeBackend backend;
    backend.to_fail = {{kReactionHotkey, "super+F9 is taken by another program (BadAccess): pick another in Settings"}};
    std::vector<int> pressed;

    const auto problems = bind_app_hotkeys(backend, settings, ui, [&](int id) { pressed.push_back(id); }, nullptr);

    REQUIRE(backend.requests.size() == 2);
    CHECK(backend.requests[0].id == kRecordHotkey);
    CHECK(backend.requests[0].chord == "ctrl+alt+k");
    CHECK(backend.requests[0].description == "Start / stop recording");
    CHECK(backend.requests[1].id == kReactionHotkey);
    CHECK(backend.requests[1].chord == "super+F9");
    CHECK(backend.requests[1].description == "Reaction GIF");
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].id == kReactionHotkey);
    CHECK(ui.hotkey_problem[kRecordHotkey].empty());  // bound now: the old problem is gone
    CHECK(ui.hotkey_problem[kReactionHotkey] == backend.to_fail[0].text);
    REQUIRE(backend.started);
    backend.on_press(kRecordHotkey);
    backend.on_press(kReactionHotkey);
    CHECK(pressed == std::vector<int>{kRecordHotkey, kReactionHotkey});
}

// BackgroundWorker: a gate task holds the worker so the test controls what is waiting.
namespace {
struct Gate {
    std::mutex m;
    std::condition_variable cv;
    bool open = false, entered = false;
    void hold() {
        std::unique_lock lock(m);
        entered = true;
        cv.notify_all();
        cv.wait(lock, [this] { return open; });
    }
    void wait_entered() {
        std::unique_lock lock(m);
        cv.wait(lock, [this] { return entered; });
    }
    void release() {
        std::lock_guard lock(m);
        open = true;
        cv.notify_all();
    }
};
}  // namespace

TEST_CASE("the background worker runs posted tasks in order and only the newest waiting reload") {
    std::mutex m;
    std::vector<std::string> ran;
    auto note = [&](std::string what) {
        return [&, what] {
            std::lock_guard lock(m);
            ran.push_back(what);
        };
    };
    Gate gate;
    {
        BackgroundWorker worker;
        worker.post([&] { gate.hold(); });
        gate.wait_entered();
        worker.post_latest("history", note("history 1"));
        worker.post(note("copy"));
        worker.post_latest("history", note("history 2"));  // replaces "history 1", in its place
        worker.post([] { throw Error("a task that throws"); });
        worker.post(note("open"));
        Gate done;
        worker.post([&] { done.release(); });
        gate.release();
        std::unique_lock lock(done.m);
        done.cv.wait(lock, [&] { return done.open; });
    }
    CHECK(ran == std::vector<std::string>{"history 2", "copy", "open"});
}

TEST_CASE("a background worker going away finishes queued copies and drops waiting reloads") {
    std::atomic<int> copies{0}, reloads{0};
    Gate gate;
    std::thread release;
    {
        BackgroundWorker worker;
        worker.post([&] { gate.hold(); });
        gate.wait_entered();
        worker.post([&] { ++copies; });
        worker.post_latest("config", [&] { ++reloads; });
        worker.post([&] { ++copies; });
        // Let go of the gate only once the worker is being destroyed (the destructor does not wait).
        release = std::thread([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            gate.release();
        });
    }  // joins here
    release.join();
    CHECK(copies == 2);
    CHECK(reloads == 0);
}

TEST_CASE("portal triggers are written in the XDG shortcuts syntax the GlobalShortcuts portal takes") {
    CHECK(clipnote::gui::portal_trigger("ctrl+alt+r") == "CTRL+ALT+r");
    CHECK(clipnote::gui::portal_trigger("super+shift+F9") == "LOGO+SHIFT+F9");
    CHECK(clipnote::gui::portal_trigger("Control+Alt+Delete") == "CTRL+ALT+Delete");
    CHECK(clipnote::gui::portal_trigger("Print") == "Print");
}
