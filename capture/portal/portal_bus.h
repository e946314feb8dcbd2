#pragma once
// A client of the xdg-desktop-portal frontend (org.freedesktop.portal.Desktop) on a private
// session-bus connection with its own GLib main context. Portal methods answer through a Request
// object's Response signal; request() makes the call and waits for that answer. Shared by the
// ScreenCast handshake and the app's GlobalShortcuts hotkeys.
#include <gio/gio.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace clipnote {

struct GVariantUnref {
    void operator()(GVariant* v) const { g_variant_unref(v); }
};
using VariantPtr = std::unique_ptr<GVariant, GVariantUnref>;
struct GObjectUnref {
    void operator()(gpointer p) const { g_object_unref(p); }
};

// The error's text, and frees it ("unknown error" for null).
std::string take_message(GError* error);

class PortalBus {
public:
    static constexpr const char* kService = "org.freedesktop.portal.Desktop";
    static constexpr const char* kPath = "/org/freedesktop/portal/desktop";
    // Response codes.
    static constexpr guint kSuccess = 0, kCancelled = 1;

    // Connects to the session bus. Throws Error when there is none.
    PortalBus();
    // Closes the portal session (if one was set) and the connection.
    ~PortalBus();
    PortalBus(const PortalBus&) = delete;
    PortalBus& operator=(const PortalBus&) = delete;

    // A property of `interface` on the portal, or null when the portal or the interface is missing.
    VariantPtr property(const char* interface, const char* name);

    struct Answer {
        guint code = 2;  // 0 success, 1 cancelled by the user, 2 other
        VariantPtr results;
    };
    // Calls `interface.method` with the arguments `make_args(options)` builds around the finished
    // `options` (a handle_token is added), waits for the Response and returns it. Call only from
    // the thread that owns the bus before dispatch() runs. Throws Error for a missing portal or a
    // refused call.
    Answer request(const char* interface, const char* method, GVariantBuilder* options,
                   const std::function<GVariant*(GVariant* options)>& make_args);

    // `handler(parameters)` for each `interface.signal` the portal emits, run by dispatch().
    void subscribe(const char* interface, const char* signal, std::function<void(GVariant*)> handler);
    // Delivers subscribed signals until stop_dispatch() (call on a thread of its own).
    void dispatch();
    void stop_dispatch();

    // The session the portal made for us; closed with the bus.
    void set_session(const std::string& path) { session_ = path; }
    const std::string& session() const { return session_; }
    GDBusConnection* connection() const { return connection_.get(); }

private:
    struct ContextUnref {
        void operator()(GMainContext* c) const { g_main_context_unref(c); }
    };
    struct LoopUnref {
        void operator()(GMainLoop* l) const { g_main_loop_unref(l); }
    };
    std::unique_ptr<GMainContext, ContextUnref> context_{g_main_context_new()};
    std::unique_ptr<GMainLoop, LoopUnref> loop_;
    std::unique_ptr<GDBusConnection, GObjectUnref> connection_;
    std::string sender_;   // our unique name as the portal spells it in request paths
    std::string session_;  // a portal session's object path, once created
    int requests_ = 0;
    struct Subscription;
    std::vector<std::unique_ptr<Subscription>> subscriptions_;
};

// The one line for a missing portal interface.
std::string no_portal_message(const std::string& interface_short_name, const std::string& what_to_do);

}  // namespace clipnote
