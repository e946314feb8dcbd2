#pragma once
// The xdg-desktop-portal ScreenCast handshake over D-Bus (GDBus): CreateSession -> SelectSources
// (monitor or window, cursor drawn in, persist "until revoked" with the stored restore token) ->
// Start -> OpenPipeWireRemote. The portal's picker appears only when there is no valid token.
// The session lives as long as this object: the portal ends it when our connection closes.
#include <cstdint>
#include <memory>
#include <string>

namespace clipnote {

class PortalBus;

enum class ScreencastTarget { monitor, window, any };

struct ScreencastRequest {
    ScreencastTarget target = ScreencastTarget::monitor;
    std::string restore_token;  // from an earlier session; "" = ask the user
};

class ScreencastSession {
public:
    // Runs the whole handshake (may show the portal's picker). Throws Error with one line: no
    // portal on the session bus, the user cancelled, the portal refused.
    explicit ScreencastSession(const ScreencastRequest& request);
    ~ScreencastSession();
    ScreencastSession(const ScreencastSession&) = delete;
    ScreencastSession& operator=(const ScreencastSession&) = delete;

    std::uint32_t node_id() const { return node_id_; }
    // The PipeWire remote to connect to (owned here; dup it to hand it on).
    int pipewire_fd() const { return fd_; }
    // What the portal handed back for next time ("" when it keeps none).
    const std::string& restore_token() const { return restore_token_; }
    // Whether the picture carries the cursor (the portal offered the embedded mode).
    bool cursor_embedded() const { return cursor_embedded_; }
    // The stream's size as the portal announced it (0 when it did not).
    int width() const { return width_; }
    int height() const { return height_; }

private:
    std::unique_ptr<PortalBus> bus_;
    std::uint32_t node_id_ = 0;
    int fd_ = -1;
    std::string restore_token_;
    bool cursor_embedded_ = false;
    int width_ = 0, height_ = 0;
};

}  // namespace clipnote
