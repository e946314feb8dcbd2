#include "capture/portal/screencast_portal.h"

#include <gio/gio.h>
#include <gio/gunixfdlist.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>

#include "common/error.h"

namespace clipnote {

namespace {

constexpr const char* kPortal = "org.freedesktop.portal.Desktop";
constexpr const char* kPath = "/org/freedesktop/portal/desktop";
constexpr const char* kScreenCast = "org.freedesktop.portal.ScreenCast";
constexpr auto kAnswerTimeout = std::chrono::minutes(5);  // the user may take a while in the picker

// Portal response codes.
constexpr guint kSuccess = 0, kCancelled = 1;

struct GObjectUnref {
    void operator()(gpointer p) const { g_object_unref(p); }
};
struct VariantUnref {
    void operator()(GVariant* v) const { g_variant_unref(v); }
};
struct ErrorFree {
    void operator()(GError* e) const { g_error_free(e); }
};
struct ContextUnref {
    void operator()(GMainContext* c) const { g_main_context_unref(c); }
};
using VariantPtr = std::unique_ptr<GVariant, VariantUnref>;
using ErrorPtr = std::unique_ptr<GError, ErrorFree>;

std::string take_message(GError* e) {
    ErrorPtr owned(e);
    return e ? e->message : "unknown error";
}

}  // namespace

// The private connection and the main context its signals are delivered to.
struct ScreencastSession::Bus {
    std::unique_ptr<GMainContext, ContextUnref> context{g_main_context_new()};
    std::unique_ptr<GDBusConnection, GObjectUnref> connection;
    std::string sender;   // our unique name as the portal spells it in request paths
    std::string session;  // the session's object path, once created
    int requests = 0;

    Bus() {
        const char* address = g_getenv("DBUS_SESSION_BUS_ADDRESS");
        GError* error = nullptr;
        gchar* found = address ? nullptr : g_dbus_address_get_for_bus_sync(G_BUS_TYPE_SESSION, nullptr, &error);
        if (!address && !found) throw Error("no D-Bus session bus for the ScreenCast portal: " + take_message(error));
        connection.reset(g_dbus_connection_new_for_address_sync(
            address ? address : found,
            GDBusConnectionFlags(G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION),
            nullptr, nullptr, &error));
        g_free(found);
        if (!connection) throw Error("cannot reach the D-Bus session bus: " + take_message(error));
        sender = g_dbus_connection_get_unique_name(connection.get()) + 1;  // without ':'
        std::replace(sender.begin(), sender.end(), '.', '_');
    }

    ~Bus() {
        if (!session.empty() && connection) {
            VariantPtr r(g_dbus_connection_call_sync(connection.get(), kPortal, session.c_str(),
                                                     "org.freedesktop.portal.Session", "Close", nullptr, nullptr,
                                                     G_DBUS_CALL_FLAGS_NONE, 2000, nullptr, nullptr));
        }
        if (connection) g_dbus_connection_close_sync(connection.get(), nullptr, nullptr);
    }

    // A ScreenCast property, or null.
    VariantPtr property(const char* name) {
        VariantPtr r(g_dbus_connection_call_sync(connection.get(), kPortal, kPath, "org.freedesktop.DBus.Properties", "Get",
                                                 g_variant_new("(ss)", kScreenCast, name), G_VARIANT_TYPE("(v)"),
                                                 G_DBUS_CALL_FLAGS_NONE, 5000, nullptr, nullptr));
        if (!r) return nullptr;
        GVariant* inner = nullptr;
        g_variant_get(r.get(), "(v)", &inner);
        return VariantPtr(inner);
    }

    // Calls a portal method that answers through a Request object's Response signal, waits for
    // that answer and returns its code and results. `args` is built by `make_args(options)`.
    struct Answer {
        guint code = 2;
        VariantPtr results;
    };
    template <typename MakeArgs>
    Answer request(const char* method, GVariantBuilder* options, MakeArgs make_args) {
        const std::string token = "clipnote" + std::to_string(++requests);
        const std::string path = std::string(kPath) + "/request/" + sender + "/" + token;
        g_variant_builder_add(options, "{sv}", "handle_token", g_variant_new_string(token.c_str()));

        g_main_context_push_thread_default(context.get());
        Answer answer;
        bool answered = false;
        struct Sink {
            Answer* answer;
            bool* answered;
        } sink{&answer, &answered};
        const guint subscription = g_dbus_connection_signal_subscribe(
            connection.get(), kPortal, "org.freedesktop.portal.Request", "Response", path.c_str(), nullptr,
            G_DBUS_SIGNAL_FLAGS_NONE,  // its match rule reaches the bus before our call does
            [](GDBusConnection*, const gchar*, const gchar*, const gchar*, const gchar*, GVariant* params, gpointer data) {
                auto* s = static_cast<Sink*>(data);
                GVariant* results = nullptr;
                g_variant_get(params, "(u@a{sv})", &s->answer->code, &results);
                s->answer->results.reset(results);
                *s->answered = true;
            },
            &sink, nullptr);
        GError* error = nullptr;
        VariantPtr reply(g_dbus_connection_call_sync(connection.get(), kPortal, kPath, kScreenCast, method,
                                                     make_args(g_variant_builder_end(options)), G_VARIANT_TYPE("(o)"),
                                                     G_DBUS_CALL_FLAGS_NONE, 30000, nullptr, &error));
        const auto deadline = std::chrono::steady_clock::now() + kAnswerTimeout;
        while (reply && !answered && std::chrono::steady_clock::now() < deadline) g_main_context_iteration(context.get(), TRUE);
        g_dbus_connection_signal_unsubscribe(connection.get(), subscription);
        g_main_context_pop_thread_default(context.get());
        if (!reply) {
            const std::string why = take_message(error);
            if (why.find("ServiceUnknown") != std::string::npos || why.find("UnknownMethod") != std::string::npos ||
                why.find("UnknownInterface") != std::string::npos || why.find("was not provided") != std::string::npos)
                throw Error("no ScreenCast portal on the session bus (install and start xdg-desktop-portal with a "
                            "backend for this desktop, or use --screen x11grab under X11)");
            throw Error(std::string("the ScreenCast portal refused ") + method + ": " + why);
        }
        if (!answered) throw Error(std::string("the ScreenCast portal did not answer ") + method);
        return answer;
    }
};

ScreencastSession::ScreencastSession(const ScreencastRequest& req) : bus_(std::make_unique<Bus>()) {
    Bus& bus = *bus_;
    VariantPtr cursor_modes = bus.property("AvailableCursorModes");
    VariantPtr source_types = bus.property("AvailableSourceTypes");
    if (!source_types)
        throw Error("no ScreenCast portal on the session bus (install and start xdg-desktop-portal with a backend "
                    "for this desktop, or use --screen x11grab under X11)");
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
    Bus::Answer created = bus.request("CreateSession", &options, [](GVariant* o) { return g_variant_new("(@a{sv})", o); });
    if (created.code != kSuccess) throw Error("the ScreenCast portal could not create a session");
    const gchar* session = nullptr;
    if (!g_variant_lookup(created.results.get(), "session_handle", "&s", &session))
        throw Error("the ScreenCast portal gave no session");
    bus.session = session;

    // A stored token skips the picker; if the portal refuses it (revoked), ask once more without.
    std::string token = req.restore_token;
    for (int attempt = 0;; ++attempt) {
        g_variant_builder_init(&options, G_VARIANT_TYPE_VARDICT);
        g_variant_builder_add(&options, "{sv}", "types", g_variant_new_uint32(wanted));
        g_variant_builder_add(&options, "{sv}", "multiple", g_variant_new_boolean(FALSE));
        if (cursor_embedded_) g_variant_builder_add(&options, "{sv}", "cursor_mode", g_variant_new_uint32(kEmbedded));
        g_variant_builder_add(&options, "{sv}", "persist_mode", g_variant_new_uint32(2));  // until revoked
        if (!token.empty()) g_variant_builder_add(&options, "{sv}", "restore_token", g_variant_new_string(token.c_str()));
        const std::string session_path = bus.session;
        Bus::Answer selected = bus.request("SelectSources", &options, [&](GVariant* o) {
            return g_variant_new("(o@a{sv})", session_path.c_str(), o);
        });
        if (selected.code == kCancelled) throw Error("screen sharing was cancelled in the portal's picker");
        if (selected.code != kSuccess) {
            if (!token.empty() && attempt == 0) { token.clear(); continue; }
            throw Error("the ScreenCast portal refused to select a screen");
        }
        g_variant_builder_init(&options, G_VARIANT_TYPE_VARDICT);
        Bus::Answer started = bus.request("Start", &options, [&](GVariant* o) {
            return g_variant_new("(os@a{sv})", session_path.c_str(), "", o);
        });
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
        bus.connection.get(), kPortal, kPath, kScreenCast, "OpenPipeWireRemote",
        g_variant_new("(o@a{sv})", bus.session.c_str(), g_variant_builder_end(&empty)), G_VARIANT_TYPE("(h)"),
        G_DBUS_CALL_FLAGS_NONE, 30000, nullptr, &fds, nullptr, &error));
    std::unique_ptr<GUnixFDList, GObjectUnref> owned_fds(fds);
    if (!reply) throw Error("the ScreenCast portal gave no PipeWire connection: " + take_message(error));
    gint32 index = 0;
    g_variant_get(reply.get(), "(h)", &index);
    fd_ = g_unix_fd_list_get(fds, index, &error);
    if (fd_ < 0) throw Error("the ScreenCast portal gave no PipeWire connection: " + take_message(error));
}

ScreencastSession::~ScreencastSession() {
    if (fd_ >= 0) close(fd_);
}

}  // namespace clipnote
