#include "app/gui/texture.h"

#include <algorithm>

namespace clipnote::gui {

namespace {
SDL_Renderer* g_renderer = nullptr;
}

SDL_Renderer* app_renderer() { return g_renderer; }
void set_app_renderer(SDL_Renderer* renderer) { g_renderer = renderer; }

void Texture::upload(SDL_Renderer* renderer, const std::uint8_t* rgba, int width, int height) {
    if (!renderer || !rgba || width <= 0 || height <= 0) return;
    if (!texture_ || width != width_ || height != height_) {
        texture_.reset(SDL_CreateTexture(renderer, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STREAMING, width, height));
        width_ = width;
        height_ = height;
        if (!texture_) return;
    }
    SDL_UpdateTexture(texture_.get(), nullptr, rgba, width * 4);
}

void Texture::draw_fitted(ImVec2 box) const {
    if (!texture_) return;
    const float scale = std::min(box.x / float(width_), box.y / float(height_));
    const ImVec2 size(width_ * scale, height_ * scale);
    const float indent = (box.x - size.x) / 2;
    if (indent > 0) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + indent);
    ImGui::Image(id(), size);
}

}  // namespace clipnote::gui
