#include "capture/portal/screencast_portal.h"

#include <gio/gunixfdlist.h>
#include <unistd.h>

#include "capture/portal/portal_bus.h"
#include "common/error.h"
#include "common/trace.h"

namespace clipnote {

namespace {

constexpr const char* kScreenCast = "org.freedesktop.portal.ScreenCast";
constexpr guint kSuccess = PortalBus::kSuccess, kCancelled = PortalBus::kCancelled;

const std::string kNoPortal = no_portal_message(
    "ScreenCast", "install and start xdg-desktop-portal with a backend for this desktop, or use --screen x11grab under X11");

}  // namespace

ScreencastSession::ScreencastSession(const ScreencastRequest& req) : bus_(std::make_unique<PortalBus>()) {
    trace_event("portal-begin");
    PortalBus& bus = *bus_;
    VariantPtr cursor_modes = bus.property(kScreenCast, "AvailableCursorModes");
    VariantPtr source_types = bus.property(kScreenCast, "AvailableSourceTypes");
    if (!source_types)
        throw Error(kNoPortal);
    const guint cursors = cursor_modes ? g_variant_get_uint32(cursor_modes.get()) : 0;
    const guint types = g_variant_get_uint32(source_types.get());
    constexpr guint kMonitor = 1, kWindow = 2, kEmbedded = 2;
    guint wanted = req.target == ScreencastTarget::monitor  ? kMonitor
                   : req.target == ScreencastTarget::window ? kWindow
                                                            : (kMonitor | kWindow);
    wanted &= types;
    if (!wanted) throw Error("the ScreenCast portal cannot share a " +
                             std::string(req.target == ScreencastTarget::window ? "window" : "monitor") + " on this desktop");
    cursor_embedded_ = (cursors & kEmbedded) != 0;

    GVariantBuilder options;
    g_variant_builder_init(&options, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add(&options, "{sv}", "session_handle_token", g_variant_new_string("clipnote"));
    PortalBus::Answer created = bus.request(kScreenCast, "CreateSession", &options, [](GVariant* o) { return g_variant_new("(@a{sv})", o); });
    if (created.code != kSuccess) throw Error("the ScreenCast portal could not create a session");
    const gchar* session = nullptr;
    if (!g_variant_lookup(created.results.get(), "session_handle", "&s", &session))
        throw Error("the ScreenCast portal gave no session");
    bus.set_session(session);
    trace_event("portal-session");

    // A stored token skips the picker; if the portal refuses it (revoked), ask once more without.
    std::string token = req.restore_token;
    for (int attempt = 0;; ++attempt) {
        g_variant_builder_init(&options, G_VARIANT_TYPE_VARDICT);
        g_variant_builder_add(&options, "{sv}", "types", g_variant_new_uint32(wanted));
        g_variant_builder_add(&options, "{sv}", "multiple", g_variant_new_boolean(FALSE));
        if (cursor_embedded_) g_variant_builder_add(&options, "{sv}", "cursor_mode", g_variant_new_uint32(kEmbedded));
        g_variant_builder_add(&options, "{sv}", "persist_mode", g_variant_new_uint32(2));  // until revoked
        if (!token.empty()) g_variant_builder_add(&options, "{sv}", "restore_token", g_variant_new_string(token.c_str()));
        const std::string session_path = bus.session();
        PortalBus::Answer selected = bus.request(kScreenCast, "SelectSources", &options, [&](GVariant* o) {
            return g_variant_new("(o@a{sv})", session_path.c_str(), o);
        });
        if (selected.code == kCancelled) throw Error("screen sharing was cancelled in the portal's picker");
        if (selected.code != kSuccess) {
            if (!token.empty() && attempt == 0) { token.clear(); continue; }
            throw Error("the ScreenCast portal refused to select a screen");
        }
        trace_event("portal-selected");
        g_variant_builder_init(&options, G_VARIANT_TYPE_VARDICT);
        PortalBus::Answer started = bus.request(kScreenCast, "Start", &options, [&](GVariant* o) {
            return g_variant_new("(os@a{sv})", session_path.c_str(), "", o);
        });
        trace_event("portal-started");
        if (started.code == kCancelled) throw Error("screen sharing was cancelled in the portal's picker");
        if (started.code != kSuccess) {
            if (!token.empty() && attempt == 0) { token.clear(); continue; }  // the token was revoked
            throw Error("the ScreenCast portal could not start sharing the screen");
        }
        GVariant* streams = g_variant_lookup_value(started.results.get(), "streams", G_VARIANT_TYPE("a(ua{sv})"));
        VariantPtr owned_streams(streams);
        if (!streams || g_variant_n_children(streams) == 0) throw Error("the ScreenCast portal shared no stream");
        GVariant* props = nullptr;
        g_variant_get_child(streams, 0, "(u@a{sv})", &node_id_, &props);
        VariantPtr owned_props(props);
        gint32 w = 0, h = 0;
        if (g_variant_lookup(props, "size", "(ii)", &w, &h)) width_ = w, height_ = h;
        const gchar* new_token = nullptr;
        if (g_variant_lookup(started.results.get(), "restore_token", "&s", &new_token)) restore_token_ = new_token;
        break;
    }

    GUnixFDList* fds = nullptr;
    GError* error = nullptr;
    GVariantBuilder empty;
    g_variant_builder_init(&empty, G_VARIANT_TYPE_VARDICT);
    VariantPtr reply(g_dbus_connection_call_with_unix_fd_list_sync(
        bus.connection(), PortalBus::kService, PortalBus::kPath, kScreenCast, "OpenPipeWireRemote",
        g_variant_new("(o@a{sv})", bus.session().c_str(), g_variant_builder_end(&empty)), G_VARIANT_TYPE("(h)"),
        G_DBUS_CALL_FLAGS_NONE, 30000, nullptr, &fds, nullptr, &error));
    std::unique_ptr<GUnixFDList, GObjectUnref> owned_fds(fds);
    if (!reply) throw Error("the ScreenCast portal gave no PipeWire connection: " + take_message(error));
    gint32 index = 0;
    g_variant_get(reply.get(), "(h)", &index);
    fd_ = g_unix_fd_list_get(fds, index, &error);
    if (fd_ < 0) throw Error("the ScreenCast portal gave no PipeWire connection: " + take_message(error));
    trace_event("portal-pipewire-remote");
}

ScreencastSession::~ScreencastSession() {
    if (fd_ >= 0) close(fd_);
}

}  // namespace clipnote
