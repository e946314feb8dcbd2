#include "app/gui/gui_main.h"

#include <SDL.h>
#include <SDL_syswm.h>
#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>

#include "app/gui/app_controller.h"
#include "app/gui/app_settings.h"
#include "app/gui/autostart.h"
#include "app/gui/hotkeys/app_hotkeys.h"
#include "app/gui/hotkeys/hotkey_backend.h"
#include "app/gui/main_window.h"
#include "app/gui/indicator.h"
#include "app/gui/region_overlay.h"
#include "app/gui/remote_control.h"
#include "capture/screen_backend.h"
#include "capture/x11_display_loss.h"
#include "app/gui/hotkeys/desktop_shortcuts.h"
#include "app/remote/remote_client.h"
#include "app/gui/texture.h"
#include "app/gui/widgets.h"
#include "app/gui/window_modes.h"
#include "app/gui/tray/status_notifier.h"
#include "common/clock.h"
#include "common/error.h"
#include "common/trace.h"
#include "capture/x11_display.h"
#include "capture/x11_monitors.h"
#include "upload/config.h"

namespace clipnote::gui {

namespace {

// What the tray icon shows for what the app is doing.
TrayState tray_state(const AppView& view) {
    if (view.phase == Phase::recording)
        return view.recorder.state == RecorderState::paused ? TrayState::paused : TrayState::recording;
    if (view.phase == Phase::finishing || !view.work_label.empty()) return TrayState::busy;
    return TrayState::idle;
}

struct WindowDeleter {
    void operator()(SDL_Window* w) const { SDL_DestroyWindow(w); }
};
struct RendererDeleter {
    void operator()(SDL_Renderer* r) const { SDL_DestroyRenderer(r); }
};

void load_fonts(float scale) {
    ImGuiIO& io = ImGui::GetIO();
    // Inter from Debian's fonts-inter; ImGui's built-in font when it is not installed.
    for (const char* path : {"/usr/share/fonts/opentype/inter/Inter-Regular.otf",
                             "/usr/share/fonts/truetype/inter/Inter-Regular.ttf"}) {
        if (std::filesystem::exists(path) && io.Fonts->AddFontFromFileTTF(path, 17.0f * scale)) return;
    }
    ImFontConfig config;
    config.SizePixels = 13.0f * scale;
    io.Fonts->AddFontDefault(&config);
}

void apply_style(float scale) {
    ImGui::StyleColorsDark();
    ImGuiStyle& s = ImGui::GetStyle();
    s.WindowPadding = ImVec2(18, 16);
    s.FramePadding = ImVec2(10, 6);
    s.ItemSpacing = ImVec2(10, 10);
    s.FrameRounding = 6;
    s.GrabRounding = 6;
    s.PopupRounding = 8;
    s.WindowRounding = 0;
    s.Colors[ImGuiCol_WindowBg] = ImVec4(0.11f, 0.12f, 0.15f, 1.0f);
    s.Colors[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
    s.Colors[ImGuiCol_PopupBg] = ImVec4(0.14f, 0.15f, 0.19f, 1.0f);
    s.Colors[ImGuiCol_FrameBg] = ImVec4(0.18f, 0.19f, 0.24f, 1.0f);
    s.Colors[ImGuiCol_Button] = ImVec4(0.22f, 0.24f, 0.31f, 1.0f);
    s.Colors[ImGuiCol_ButtonHovered] = ImVec4(0.29f, 0.32f, 0.41f, 1.0f);
    s.Colors[ImGuiCol_Header] = ImVec4(0.18f, 0.19f, 0.24f, 1.0f);
    s.Colors[ImGuiCol_HeaderHovered] = ImVec4(0.24f, 0.26f, 0.33f, 1.0f);
    s.Colors[ImGuiCol_CheckMark] = ImVec4(0.45f, 0.70f, 1.0f, 1.0f);
    s.Colors[ImGuiCol_SliderGrab] = ImVec4(0.45f, 0.70f, 1.0f, 1.0f);
    s.ScaleAllSizes(scale);
}

// Binds both hotkeys; problems (BadAccess, an unknown key) go into ui and the window's messages.
std::unique_ptr<HotkeyBackend> grab_hotkeys(const std::string& display, const AppSettings& settings, UiState& ui,
                                            AppController& app, Uint32 hotkey_event, const std::function<void()>& wake) {
    ui.hotkey_problem[kRecordHotkey].clear();
    ui.hotkey_problem[kReactionHotkey].clear();
    OpenedHotkeys opened = open_hotkey_backend(display);
    ui.hotkeys_via = opened.backend ? opened.backend->name() : "";
    ui.hotkeys_unavailable = opened.why_not;
    ui.hotkey_steps.clear();
    ui.can_add_to_gnome = false;
    if (!opened.backend && opened.bind_by_hand) {
        const auto bindings = app_manual_bindings(remote::launcher_command(), settings.record_hotkey, settings.reaction_hotkey);
        try {
            ui.hotkey_steps = manual_binding_steps(current_desktop(), bindings);
        } catch (const std::exception&) {  // a chord the desktop's notation cannot take: the line above says enough
        }
        ui.can_add_to_gnome = current_desktop() == DesktopKind::gnome && gnome_custom_shortcuts_supported();
    }
    if (!opened.backend) {
        std::fprintf(stderr, "clipnote: %s\n", opened.why_not.c_str());
        app.add_message(opened.why_not);
        return nullptr;
    }
    const auto problems = bind_app_hotkeys(
        *opened.backend, settings, ui,
        [hotkey_event](int id) {
            SDL_Event e{};
            e.type = hotkey_event;
            e.user.code = id;
            SDL_PushEvent(&e);
        },
        wake);
    for (const auto& p : problems) {
        std::fprintf(stderr, "clipnote: hotkey %s\n", p.text.c_str());
        app.add_message("Hotkey " + p.text);
    }
    trace_event("hotkeys-bound");
    return std::move(opened.backend);
}

// "ctrl+alt+r" from a key press, or "" for a lone modifier (the chord is not finished yet).
std::string chord_of(const SDL_Keysym& key) {
    switch (key.sym) {
        case SDLK_LCTRL: case SDLK_RCTRL: case SDLK_LALT: case SDLK_RALT:
        case SDLK_LSHIFT: case SDLK_RSHIFT: case SDLK_LGUI: case SDLK_RGUI: return "";
        default: break;
    }
    std::string name = SDL_GetKeyName(key.sym);
    if (name.empty()) return "";
    if (name.size() == 1) name[0] = char(std::tolower(static_cast<unsigned char>(name[0])));
    std::string chord;
    if (key.mod & KMOD_CTRL) chord += "ctrl+";
    if (key.mod & KMOD_ALT) chord += "alt+";
    if (key.mod & KMOD_SHIFT) chord += "shift+";
    if (key.mod & KMOD_GUI) chord += "super+";
    return chord + name;
}

bool parse_geometry(const std::string& text, int& w, int& h, int& x, int& y) {
    return std::sscanf(text.c_str(), "%dx%d+%d+%d", &w, &h, &x, &y) == 4 && w >= 200 && h >= 200;
}

}  // namespace

int run_app() {
    const std::string display = display_from_environment();
    AppSettings settings = load_app_settings(upload::default_config_path());

    // The window's class / app id is "clipnote" (the desktop entry's), not the name of the program
    // behind the launcher.
    setenv("SDL_VIDEO_X11_WMCLASS", "clipnote", 0);  // SDL 2.26 reads it from the environment
    SDL_SetHint(SDL_HINT_APP_NAME, "clipnote");
    // Closing the window is a window event, decided below (it may go to the tray); SIGTERM and
    // SIGINT still arrive as SDL_QUIT.
    SDL_SetHint(SDL_HINT_QUIT_ON_LAST_WINDOW_CLOSE, "0");
    SDL_SetHint("SDL_VIDEO_WAYLAND_WMCLASS", "clipnote");
    if (SDL_Init(SDL_INIT_VIDEO) != 0) throw Error(std::string("cannot start SDL: ") + SDL_GetError());
    struct SdlQuit {
        // Not after the X server went away: closing SDL's displays would end in Xlib's exit(1).
        ~SdlQuit() {
            if (!x11_display_lost()) SDL_Quit();
        }
    } sdl_quit;
    const Uint32 wake_event = SDL_RegisterEvents(2);
    const Uint32 hotkey_event = wake_event + 1;
    auto wake = [wake_event] {
        SDL_Event e{};
        e.type = wake_event;
        SDL_PushEvent(&e);
    };

    float dpi = 96.0f;
    if (SDL_GetDisplayDPI(0, &dpi, nullptr, nullptr) != 0 || dpi <= 0) dpi = 96.0f;
    const float scale = std::clamp(dpi / 96.0f, 1.0f, 3.0f);
    int win_w = int(600 * scale), win_h = int(700 * scale), win_x = int(SDL_WINDOWPOS_CENTERED),
        win_y = int(SDL_WINDOWPOS_CENTERED);
    parse_geometry(settings.window, win_w, win_h, win_x, win_y);
    std::unique_ptr<SDL_Window, WindowDeleter> window(SDL_CreateWindow(
        "clipnote", win_x, win_y, win_w, win_h, SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI));
    if (!window) throw Error(std::string("cannot open a window: ") + SDL_GetError());
    // The X server going away (logout, a stopped Xvfb) ends the app in order, keeping a recording
    // in progress, instead of Xlib's exit() in the middle of everything. (SDL's own wait on the
    // display's socket wakes the loop: nothing may call SDL from inside Xlib's handler.)
    SDL_SysWMinfo wm{};
    SDL_VERSION(&wm.version);
    if (SDL_GetWindowWMInfo(window.get(), &wm) && wm.subsystem == SDL_SYSWM_X11) survive_display_loss(wm.info.x11.display);
    SDL_SetWindowMinimumSize(window.get(), int(360 * scale), int(48 * scale));
    std::unique_ptr<SDL_Renderer, RendererDeleter> renderer(
        SDL_CreateRenderer(window.get(), -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC));
    if (!renderer) renderer.reset(SDL_CreateRenderer(window.get(), -1, SDL_RENDERER_SOFTWARE));
    if (!renderer) throw Error(std::string("cannot draw in the window: ") + SDL_GetError());
    set_app_renderer(renderer.get());

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    apply_style(scale);
    load_fonts(scale);
    ImGui_ImplSDL2_InitForSDLRenderer(window.get());
    ImGui_ImplSDLRenderer_Init(renderer.get());

    AppController app(settings, wake);
    UiState ui;
    MainWindow main_window(wake);
    RegionOverlay overlay;
    WindowModes modes(window.get(), scale, choose_screen_backend().format == "portal");
    AppSettings saved = app.settings();
    ui.wake = wake;
    // Nothing of clipnote's own in a full-screen recording: the indicator moves off the recorded
    // area, or hides (the X server has unmapped it before the first picture is taken).
    Display* x_display = wm.subsystem == SDL_SYSWM_X11 ? wm.info.x11.display : nullptr;
    app.set_before_recording([&](const RecordOptions& o) {
        if (app.settings().indicator_in_recordings) return false;
        modes.set(WindowMode::indicator);  // a countdown of 0 s: not drawn as one yet
        std::vector<MonitorInfo> monitors;
        Region screen;
        if (!display.empty()) {
            try {
                monitors = list_monitors(display);
                screen = screen_bounds(display);
            } catch (const std::exception&) {
                // No monitors to move to: hidden if it would be recorded.
            }
        }
        const IndicatorPlace place =
            place_indicator(recorded_area(o, screen), modes.indicator_bounds(), monitors, modes.indicator_margin());
        modes.keep_out(place);
        if (x_display) XSync(x_display, False);
        return place.kind == IndicatorPlace::hidden;
    });
    std::unique_ptr<HotkeyBackend> hotkeys = grab_hotkeys(display, app.settings(), ui, app, hotkey_event, wake);

    // The tray icon: its menu and a left click come here as the same events as the remote commands.
    StatusNotifier tray([hotkey_event](TrayAction action) {
        SDL_Event e{};
        e.type = hotkey_event;
        switch (action) {
            case TrayAction::record: e.user.code = kRecordHotkey; break;
            case TrayAction::reaction: e.user.code = kReactionHotkey; break;
            case TrayAction::pause: e.user.code = kPauseCommand; break;
            case TrayAction::open: e.user.code = kShowWindow; break;
            case TrayAction::history: e.user.code = kShowHistory; break;
            case TrayAction::quit: e.user.code = kQuitCommand; break;
        }
        SDL_PushEvent(&e);
    });
    if (const std::string problem = tray.problem(); !problem.empty()) std::fprintf(stderr, "clipnote: %s\n", problem.c_str());
    else trace_event("tray-ready");

    std::unique_ptr<RemoteControlServer> remote;
    try {
        remote = std::make_unique<RemoteControlServer>();
        remote->start([hotkey_event](const std::string& command) {
            SDL_Event e{};
            e.type = hotkey_event;
            e.user.code = command == "toggle"   ? kRecordHotkey
                          : command == "react"  ? kReactionHotkey
                          : command == "pause"  ? kPauseCommand
                          : command == "cancel" ? kCancelCommand
                                                : 0;
            SDL_PushEvent(&e);
        });
    } catch (const std::exception& e) {
        std::fprintf(stderr, "clipnote: %s\n", e.what());
    }

    // Someone is looking at the window when it has the keyboard or the pointer is over it; only
    // then does the Record screen run the camera preview and meters.
    bool focused = SDL_GetWindowFlags(window.get()) & SDL_WINDOW_INPUT_FOCUS;
    bool pointer_inside = SDL_GetWindowFlags(window.get()) & SDL_WINDOW_MOUSE_FOCUS;
    bool minimized = false;
    Phase last_phase = Phase::idle;
    for (bool running = true; running;) {
        // Idle: sleep until something happens (no redraw, ~0 % CPU). Busy: wake for the clock.
        SDL_Event event;
        int hint = app.wait_hint_ms();
        if (ui.animating) hint = hint < 0 ? 16 : std::min(hint, 16);
        // At most a second even when idle: after the X server went away SDL's wait never returns
        // (its socket reads as closed, its display as dead), and the loop must see that to quit.
        if (hint < 0) hint = 1000;
        const bool got = hint < 0 ? SDL_WaitEvent(&event) : SDL_WaitEventTimeout(&event, hint);
        std::vector<SDL_Keysym> keys;
        PointerEvents pointer;
        for (bool have = got; have; have = SDL_PollEvent(&event)) {
            if (event.type == SDL_KEYDOWN && ui.capturing_hotkey != kNoHotkey) {
                // Setting a hotkey: this press is the chord, not input for the window.
                if (event.key.keysym.sym == SDLK_ESCAPE) main_window.settings().chord_pressed(app, ui, "");
                else if (const std::string chord = chord_of(event.key.keysym); !chord.empty())
                    main_window.settings().chord_pressed(app, ui, chord);
                continue;
            }
            if (event.type == SDL_KEYDOWN) keys.push_back(event.key.keysym);
            if (event.type == SDL_MOUSEBUTTONDOWN && event.button.button == SDL_BUTTON_LEFT)
                pointer.pressed = true, pointer.press_at = ImVec2(float(event.button.x), float(event.button.y));
            if (event.type == SDL_MOUSEBUTTONUP && event.button.button == SDL_BUTTON_LEFT)
                pointer.released = true, pointer.release_at = ImVec2(float(event.button.x), float(event.button.y));
            ImGui_ImplSDL2_ProcessEvent(&event);
            if (event.type == SDL_QUIT) running = false;
            if (x11_display_lost()) running = false;
            if (event.type == SDL_WINDOWEVENT) {
                if (event.window.event == SDL_WINDOWEVENT_FOCUS_GAINED) focused = true, trace_event("focused");
                if (event.window.event == SDL_WINDOWEVENT_FOCUS_LOST) focused = false, trace_event("unfocused");
                if (event.window.event == SDL_WINDOWEVENT_ENTER) pointer_inside = true;
                if (event.window.event == SDL_WINDOWEVENT_LEAVE) pointer_inside = false;
                if (event.window.event == SDL_WINDOWEVENT_MINIMIZED) minimized = true;
                if (event.window.event == SDL_WINDOWEVENT_RESTORED) minimized = false;
                if (event.window.event == SDL_WINDOWEVENT_CLOSE) {
                    // To the tray when asked and a panel shows the icon (else nothing could bring it back).
                    if (app.settings().close_to_tray && tray.shown() && modes.mode() == WindowMode::normal) {
                        SDL_HideWindow(window.get());
                        trace_event("hidden-to-tray");
                    } else {
                        running = false;
                    }
                }
            }
            if (event.type == SDL_KEYDOWN && event.key.keysym.sym == SDLK_ESCAPE && modes.mode() == WindowMode::indicator)
                app.cancel();
            if (event.type == hotkey_event && overlay.active()) {
                overlay.cancel();  // a recording starts: no overlay over it
                modes.set(WindowMode::normal);
            }
            if (event.type == hotkey_event) {
                if (event.user.code == kRecordHotkey) app.toggle_recording();
                if (event.user.code == kReactionHotkey) app.react();
                if (event.user.code == kPauseCommand) app.pause_resume();
                if (event.user.code == kCancelCommand) app.cancel();
                if (event.user.code == kQuitCommand) running = false;
                if ((event.user.code == kShowWindow || event.user.code == kShowHistory) &&
                    modes.mode() == WindowMode::normal) {
                    if (event.user.code == kShowHistory) ui.screen = Screen::history;
                    SDL_ShowWindow(window.get());
                    SDL_RestoreWindow(window.get());
                    SDL_RaiseWindow(window.get());
                }
            }
        }
        if (x11_display_lost()) break;  // nothing more to draw on
        // A countdown (even of 0 s) lets go of the camera before tick() starts the recorder.
        if (app.view().phase != Phase::idle) main_window.pause_preview();
        app.tick();
        const AppView view = app.view();
        ui.focused = (focused || pointer_inside) && !minimized;

        tray.set_state(tray_state(view));

        // The window's shape follows what is going on.
        const bool recording = view.phase == Phase::countdown || view.phase == Phase::recording ||
                               view.phase == Phase::finishing;
        if (recording) {
            main_window.pause_preview();  // the recording needs the camera
            modes.set(WindowMode::indicator);
        } else if (!overlay.active()) {
            modes.set(WindowMode::normal);
        }
        if (view.phase == Phase::review && last_phase != Phase::review) SDL_SetWindowInputFocus(window.get());
        last_phase = view.phase;

        if (ui.select_region && !recording) {
            ui.select_region = false;
            main_window.pause_preview();
            // Freeze the screen without this window on it, then cover the screen with it.
            SDL_HideWindow(window.get());
            SDL_PumpEvents();
            SDL_Delay(150);
            try {
                overlay.begin(display);
                modes.set(WindowMode::overlay, overlay.screen());
                SDL_SetWindowInputFocus(window.get());
            } catch (const std::exception& e) {
                SDL_ShowWindow(window.get());
                app.add_message(e.what());
            }
        }

        // Hotkeys: released while one is being set (so the old chord reaches this window), and
        // grabbed again when they changed.
        if (ui.capturing_hotkey != kNoHotkey && hotkeys) hotkeys.reset();
        for (int id : {kRecordHotkey, kReactionHotkey}) ui.hotkey_assigned[id] = hotkeys ? hotkeys->assigned(id) : "";
        if (ui.regrab_hotkeys && ui.capturing_hotkey == kNoHotkey) {
            ui.regrab_hotkeys = false;
            hotkeys.reset();
            hotkeys = grab_hotkeys(display, app.settings(), ui, app, hotkey_event, wake);
        }

        // Two frames per wake-up: ImGui settles hover/click state on the second.
        int64_t last_frame_from_us = 0;  // when the last frame read the app's state (CLIPNOTE_TRACE)
        for (int frame = 0; frame < 2; ++frame) {
            last_frame_from_us = monotonic_us();
            set_keys_pressed(frame == 0 ? keys : std::vector<SDL_Keysym>{});  // each press acts once
            set_pointer_events(frame == 0 ? pointer : PointerEvents{});
            ImGui_ImplSDLRenderer_NewFrame();
            ImGui_ImplSDL2_NewFrame();
            ImGui::NewFrame();
            if (overlay.active()) {
                Region chosen;
                const auto outcome = overlay.draw(chosen);
                if (outcome == RegionOverlay::Outcome::chosen) {
                    app.settings().area = CaptureArea::region;
                    app.settings().region = std::to_string(chosen.width) + "x" + std::to_string(chosen.height) + "+" +
                                            std::to_string(chosen.x) + "+" + std::to_string(chosen.y);
                }
                if (outcome != RegionOverlay::Outcome::choosing) {
                    modes.set(WindowMode::normal);
                    SDL_SetWindowInputFocus(window.get());
                }
            } else if (modes.mode() == WindowMode::indicator) {
                draw_indicator(app, frame == 0 ? view : app.view());
            } else {
                main_window.draw(app, frame == 0 ? view : app.view(), ui);
            }
            ImGui::Render();
            SDL_SetRenderDrawColor(renderer.get(), 28, 31, 38, 255);
            SDL_RenderClear(renderer.get());
            ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
            SDL_RenderPresent(renderer.get());
        }
        // On screen: everything that happened (on any thread) before this frame read the state.
        trace_event("frame", last_frame_from_us);

        // Settings persist as soon as they change (not mid-drag of a slider).
        if (!(app.settings() == saved) && !ImGui::IsAnyItemActive() && ui.capturing_hotkey == kNoHotkey) {
            if (app.settings().record_hotkey != saved.record_hotkey ||
                app.settings().reaction_hotkey != saved.reaction_hotkey)
                ui.regrab_hotkeys = true;
            const bool login_changed = app.settings().start_at_login != saved.start_at_login;
            saved = app.settings();
            try {
                save_app_settings(saved);
                if (login_changed) apply_start_at_login(saved.start_at_login, remote::launcher_command());
                trace_event("settings-saved");
            } catch (const std::exception& e) {
                app.add_message(std::string("settings not saved: ") + e.what());
            }
            if (ui.regrab_hotkeys) wake();
        }
    }

    if (x11_display_lost())
        std::fprintf(stderr, "clipnote: the X display %s went away; quitting (a recording in progress is kept and listed in History)\n",
                     display.c_str());
    // Remember where the window was.
    if (modes.mode() == WindowMode::normal && !x11_display_lost()) {
        int x, y, w, h;
        SDL_GetWindowPosition(window.get(), &x, &y);
        SDL_GetWindowSize(window.get(), &w, &h);
        app.settings().window = std::to_string(w) + "x" + std::to_string(h) + "+" + std::to_string(x) + "+" + std::to_string(y);
        if (!(app.settings() == saved)) {
            try {
                save_app_settings(app.settings());
            } catch (const std::exception& e) {
                std::fprintf(stderr, "clipnote: settings not saved: %s\n", e.what());
            }
        }
    }
    ImGui_ImplSDLRenderer_Shutdown();
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext();
    return 0;
}

}  // namespace clipnote::gui
