#include "app/gui/gui_main.h"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "app/gui/app_controller.h"
#include "app/gui/app_settings.h"
#include "app/gui/global_hotkeys.h"
#include "app/gui/main_window.h"
#include "app/gui/remote_control.h"
#include "capture/error.h"
#include "capture/x11_display.h"
#include "upload/config.h"

namespace clipnote::gui {

namespace {

struct WindowDeleter {
    void operator()(SDL_Window* w) const { SDL_DestroyWindow(w); }
};
struct RendererDeleter {
    void operator()(SDL_Renderer* r) const { SDL_DestroyRenderer(r); }
};

enum HotkeyId { kRecordHotkey = 1, kReactionHotkey = 2 };

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
    s.Colors[ImGuiCol_WindowBg] = ImVec4(0.11f, 0.12f, 0.15f, 1.0f);
    s.Colors[ImGuiCol_FrameBg] = ImVec4(0.18f, 0.19f, 0.24f, 1.0f);
    s.Colors[ImGuiCol_Button] = ImVec4(0.22f, 0.24f, 0.31f, 1.0f);
    s.Colors[ImGuiCol_ButtonHovered] = ImVec4(0.29f, 0.32f, 0.41f, 1.0f);
    s.Colors[ImGuiCol_CheckMark] = ImVec4(0.45f, 0.70f, 1.0f, 1.0f);
    s.ScaleAllSizes(scale);
}

}  // namespace

int run_app() {
    const std::string display = display_from_environment();
    AppSettings settings = load_app_settings(upload::default_config_path());

    if (SDL_Init(SDL_INIT_VIDEO) != 0) throw Error(std::string("cannot start SDL: ") + SDL_GetError());
    struct SdlQuit {
        ~SdlQuit() { SDL_Quit(); }
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
    std::unique_ptr<SDL_Window, WindowDeleter> window(
        SDL_CreateWindow("clipnote", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, int(460 * scale), int(420 * scale),
                         SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI));
    if (!window) throw Error(std::string("cannot open a window: ") + SDL_GetError());
    std::unique_ptr<SDL_Renderer, RendererDeleter> renderer(
        SDL_CreateRenderer(window.get(), -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC));
    if (!renderer) renderer.reset(SDL_CreateRenderer(window.get(), -1, SDL_RENDERER_SOFTWARE));
    if (!renderer) throw Error(std::string("cannot draw in the window: ") + SDL_GetError());

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    apply_style(scale);
    load_fonts(scale);
    ImGui_ImplSDL2_InitForSDLRenderer(window.get());
    ImGui_ImplSDLRenderer_Init(renderer.get());

    AppController app(settings, wake);

    // Global hotkeys; a chord someone else holds is a message in the window, not a failure.
    std::unique_ptr<GlobalHotkeys> hotkeys;
    try {
        hotkeys = std::make_unique<GlobalHotkeys>(display);
        for (auto [id, chord] : {std::pair{int(kRecordHotkey), settings.record_hotkey},
                                 std::pair{int(kReactionHotkey), settings.reaction_hotkey}}) {
            const std::string problem = hotkeys->add(id, parse_chord(chord));
            if (!problem.empty()) {
                std::fprintf(stderr, "clipnote: hotkey %s\n", problem.c_str());
                app.add_message("Hotkey " + problem);
            }
        }
        hotkeys->start([hotkey_event](int id) {
            SDL_Event e{};
            e.type = hotkey_event;
            e.user.code = id;
            SDL_PushEvent(&e);
        });
    } catch (const std::exception& e) {
        std::fprintf(stderr, "clipnote: %s\n", e.what());
        app.add_message(e.what());
    }

    std::unique_ptr<RemoteControlServer> remote;
    try {
        remote = std::make_unique<RemoteControlServer>();
        remote->start([hotkey_event](const std::string& command) {
            SDL_Event e{};
            e.type = hotkey_event;
            e.user.code = command == "toggle" ? kRecordHotkey : command == "react" ? kReactionHotkey : 0;
            SDL_PushEvent(&e);
        });
    } catch (const std::exception& e) {
        std::fprintf(stderr, "clipnote: %s\n", e.what());
    }

    for (bool running = true; running;) {
        // Idle: sleep until something happens (no redraw, ~0 % CPU). Busy: wake for the clock.
        SDL_Event event;
        const int hint = app.wait_hint_ms();
        const bool got = hint < 0 ? SDL_WaitEvent(&event) : SDL_WaitEventTimeout(&event, hint);
        for (bool have = got; have; have = SDL_PollEvent(&event)) {
            ImGui_ImplSDL2_ProcessEvent(&event);
            if (event.type == SDL_QUIT) running = false;
            if (event.type == SDL_KEYDOWN && event.key.keysym.sym == SDLK_ESCAPE) app.cancel();
            if (event.type == hotkey_event) {
                if (event.user.code == kRecordHotkey) app.toggle_recording();
                if (event.user.code == kReactionHotkey) app.react();
            }
        }
        app.tick();
        // Two frames per wake-up: ImGui settles hover/click state on the second.
        for (int frame = 0; frame < 2; ++frame) {
            ImGui_ImplSDLRenderer_NewFrame();
            ImGui_ImplSDL2_NewFrame();
            ImGui::NewFrame();
            draw_main_window(app, app.view());
            ImGui::Render();
            SDL_SetRenderDrawColor(renderer.get(), 28, 31, 38, 255);
            SDL_RenderClear(renderer.get());
            ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
            SDL_RenderPresent(renderer.get());
        }
    }

    ImGui_ImplSDLRenderer_Shutdown();
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext();
    return 0;
}

}  // namespace clipnote::gui
