#include "capture/portal/portal_bus.h"

#include <algorithm>
#include <chrono>
#include <vector>

#include "common/error.h"

namespace clipnote {

namespace {

constexpr auto kAnswerTimeout = std::chrono::minutes(5);  // the user may take a while in a dialog

// The portal, or the interface on it, is not there (as opposed to a call it refused).
bool portal_missing(const GError* e) {
    return g_error_matches(e, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
           g_error_matches(e, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) ||
           g_error_matches(e, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD) ||
           g_error_matches(e, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_INTERFACE) ||
           g_error_matches(e, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT);
}

}  // namespace

std::string take_message(GError* e) {
    const std::string text = e ? e->message : "unknown error";
    if (e) g_error_free(e);
    return text;
}

struct PortalBus::Subscription {
    PortalBus* bus;
    std::function<void(GVariant*)> handler;
    guint id = 0;
};

std::string no_portal_message(const std::string& interface_short_name, const std::string& what_to_do) {
    return "no " + interface_short_name + " portal on the session bus (" + what_to_do + ")";
}

PortalBus::PortalBus() {
    const char* address = g_getenv("DBUS_SESSION_BUS_ADDRESS");
    GError* error = nullptr;
    gchar* found = address ? nullptr : g_dbus_address_get_for_bus_sync(G_BUS_TYPE_SESSION, nullptr, &error);
    if (!address && !found) throw Error("no D-Bus session bus for the desktop portal: " + take_message(error));
    connection_.reset(g_dbus_connection_new_for_address_sync(
        address ? address : found,
        GDBusConnectionFlags(G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION),
        nullptr, nullptr, &error));
    g_free(found);
    if (!connection_) throw Error("cannot reach the D-Bus session bus: " + take_message(error));
    sender_ = g_dbus_connection_get_unique_name(connection_.get()) + 1;  // without ':'
    std::replace(sender_.begin(), sender_.end(), '.', '_');
    loop_.reset(g_main_loop_new(context_.get(), FALSE));
}

PortalBus::~PortalBus() {
    for (const auto& s : subscriptions_) g_dbus_connection_signal_unsubscribe(connection_.get(), s->id);
    if (!session_.empty()) {
        VariantPtr r(g_dbus_connection_call_sync(connection_.get(), kService, session_.c_str(),
                                                 "org.freedesktop.portal.Session", "Close", nullptr, nullptr,
                                                 G_DBUS_CALL_FLAGS_NONE, 2000, nullptr, nullptr));
    }
    g_dbus_connection_close_sync(connection_.get(), nullptr, nullptr);
}

VariantPtr PortalBus::property(const char* interface, const char* name) {
    VariantPtr r(g_dbus_connection_call_sync(connection_.get(), kService, kPath, "org.freedesktop.DBus.Properties", "Get",
                                             g_variant_new("(ss)", interface, name), G_VARIANT_TYPE("(v)"),
                                             G_DBUS_CALL_FLAGS_NONE, 5000, nullptr, nullptr));
    if (!r) return nullptr;
    GVariant* inner = nullptr;
    g_variant_get(r.get(), "(v)", &inner);
    return VariantPtr(inner);
}

PortalBus::Answer PortalBus::request(const char* interface, const char* method, GVariantBuilder* options,
                                     const std::function<GVariant*(GVariant*)>& make_args) {
    const std::string token = "clipnote" + std::to_string(++requests_);
    const std::string path = std::string(kPath) + "/request/" + sender_ + "/" + token;
    g_variant_builder_add(options, "{sv}", "handle_token", g_variant_new_string(token.c_str()));

    struct Sink {
        Answer answer;
        bool answered = false;
    } sink;
    g_main_context_push_thread_default(context_.get());
    const guint subscription = g_dbus_connection_signal_subscribe(
        connection_.get(), kService, "org.freedesktop.portal.Request", "Response", path.c_str(), nullptr,
        G_DBUS_SIGNAL_FLAGS_NONE,  // its match rule reaches the bus before our call does
        [](GDBusConnection*, const gchar*, const gchar*, const gchar*, const gchar*, GVariant* params, gpointer data) {
            auto* s = static_cast<Sink*>(data);
            GVariant* results = nullptr;
            g_variant_get(params, "(u@a{sv})", &s->answer.code, &results);
            s->answer.results.reset(results);
            s->answered = true;
        },
        &sink, nullptr);
    GError* error = nullptr;
    VariantPtr reply(g_dbus_connection_call_sync(connection_.get(), kService, kPath, interface, method,
                                                 make_args(g_variant_builder_end(options)), G_VARIANT_TYPE("(o)"),
                                                 G_DBUS_CALL_FLAGS_NONE, 30000, nullptr, &error));
    const auto deadline = std::chrono::steady_clock::now() + kAnswerTimeout;
    while (reply && !sink.answered && std::chrono::steady_clock::now() < deadline)
        g_main_context_iteration(context_.get(), TRUE);
    g_dbus_connection_signal_unsubscribe(connection_.get(), subscription);
    g_main_context_pop_thread_default(context_.get());
    const std::string short_name = std::string(interface).substr(std::string(interface).rfind('.') + 1);
    if (!reply) {
        const bool missing = portal_missing(error);
        const std::string why = take_message(error);
        if (missing) throw Error(no_portal_message(short_name, "is xdg-desktop-portal running with a backend for this desktop?"));
        throw Error("the " + short_name + " portal refused " + method + ": " + why);
    }
    if (!sink.answered) throw Error("the " + short_name + " portal did not answer " + method);
    return std::move(sink.answer);
}

void PortalBus::subscribe(const char* interface, const char* signal, std::function<void(GVariant*)> handler) {
    auto s = std::make_unique<Subscription>();
    s->bus = this;
    s->handler = std::move(handler);
    g_main_context_push_thread_default(context_.get());
    s->id = g_dbus_connection_signal_subscribe(
        connection_.get(), kService, interface, signal, kPath, nullptr, G_DBUS_SIGNAL_FLAGS_NONE,
        [](GDBusConnection*, const gchar*, const gchar*, const gchar*, const gchar*, GVariant* params, gpointer data) {
            static_cast<Subscription*>(data)->handler(params);
        },
        s.get(), nullptr);
    g_main_context_pop_thread_default(context_.get());
    subscriptions_.push_back(std::move(s));
}

void PortalBus::dispatch() {
    g_main_context_push_thread_default(context_.get());
    g_main_loop_run(loop_.get());
    g_main_context_pop_thread_default(context_.get());
}

void PortalBus::stop_dispatch() {
    // An idle source on the bus's context: it quits the loop even if dispatch() has not begun yet.
    GSource* idle = g_idle_source_new();
    g_source_set_callback(
        idle,
        [](gpointer loop) -> gboolean {
            g_main_loop_quit(static_cast<GMainLoop*>(loop));
            return G_SOURCE_REMOVE;
        },
        loop_.get(), nullptr);
    g_source_attach(idle, context_.get());
    g_source_unref(idle);
}

}  // namespace clipnote
