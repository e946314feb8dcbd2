#pragma once
// An RGBA picture the window can draw with ImGui::Image: an SDL texture in an RAII owner, made
// (or remade, when the size changes) on upload.
#include <SDL.h>
#include <imgui.h>

#include <cstdint>
#include <memory>
#include <vector>

namespace clipnote::gui {

class Texture {
public:
    Texture() = default;
    // Copies `rgba` (width*height*4 bytes) into the texture.
    void upload(SDL_Renderer* renderer, const std::uint8_t* rgba, int width, int height);
    void upload(SDL_Renderer* renderer, const std::vector<std::uint8_t>& rgba, int width, int height) {
        upload(renderer, rgba.data(), width, height);
    }
    explicit operator bool() const { return texture_ != nullptr; }
    ImTextureID id() const { return texture_.get(); }
    int width() const { return width_; }
    int height() const { return height_; }
    // ImGui::Image of the picture fitted into `box`, centred horizontally.
    void draw_fitted(ImVec2 box) const;

private:
    struct Deleter {
        void operator()(SDL_Texture* t) const { SDL_DestroyTexture(t); }
    };
    std::unique_ptr<SDL_Texture, Deleter> texture_;
    int width_ = 0, height_ = 0;
};

// The renderer the app draws with, for panels that make textures.
SDL_Renderer* app_renderer();
void set_app_renderer(SDL_Renderer* renderer);

}  // namespace clipnote::gui
