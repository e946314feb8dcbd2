// sni_watcher: the panel's side of the tray, for the tests. Owns org.kde.StatusNotifierWatcher on
// the session bus ($DBUS_SESSION_BUS_ADDRESS), as GNOME's AppIndicator extension, KDE's or
// waybar's tray do, and prints "ready" once it does, then "registered SERVICE" for each
// RegisterStatusNotifierItem. Runs until killed.
#include <gio/gio.h>

#include <cstdio>
#include <string>
#include <vector>

namespace {

constexpr const char* kXml = R"XML(
<node>
  <interface name="org.kde.StatusNotifierWatcher">
    <method name="RegisterStatusNotifierItem"><arg name="service" type="s" direction="in"/></method>
    <method name="RegisterStatusNotifierHost"><arg name="service" type="s" direction="in"/></method>
    <property name="RegisteredStatusNotifierItems" type="as" access="read"/>
    <property name="IsStatusNotifierHostRegistered" type="b" access="read"/>
    <property name="ProtocolVersion" type="i" access="read"/>
  </interface>
</node>)XML";

std::vector<std::string> items;

void method_call(GDBusConnection*, const gchar* sender, const gchar*, const gchar*, const gchar* method,
                 GVariant* params, GDBusMethodInvocation* invocation, gpointer) {
    if (g_strcmp0(method, "RegisterStatusNotifierItem") == 0) {
        const gchar* service = nullptr;
        g_variant_get(params, "(&s)", &service);
        // A path instead of a name means "the sender's".
        const std::string name = service && service[0] == '/' ? sender : service;
        items.push_back(name);
        std::printf("registered %s\n", name.c_str());
        std::fflush(stdout);
    }
    g_dbus_method_invocation_return_value(invocation, nullptr);
}

GVariant* get_property(GDBusConnection*, const gchar*, const gchar*, const gchar*, const gchar* name, GError**,
                       gpointer) {
    if (g_strcmp0(name, "IsStatusNotifierHostRegistered") == 0) return g_variant_new_boolean(TRUE);
    if (g_strcmp0(name, "ProtocolVersion") == 0) return g_variant_new_int32(0);
    GVariantBuilder b;
    g_variant_builder_init(&b, G_VARIANT_TYPE("as"));
    for (const auto& item : items) g_variant_builder_add(&b, "s", item.c_str());
    return g_variant_builder_end(&b);
}

}  // namespace

int main() {
    GError* error = nullptr;
    GDBusConnection* bus = g_bus_get_sync(G_BUS_TYPE_SESSION, nullptr, &error);
    if (!bus) {
        std::fprintf(stderr, "sni_watcher: %s\n", error->message);
        return 1;
    }
    GDBusNodeInfo* node = g_dbus_node_info_new_for_xml(kXml, nullptr);
    static const GDBusInterfaceVTable vtable{method_call, get_property, nullptr, {}};
    g_dbus_connection_register_object(bus, "/StatusNotifierWatcher", node->interfaces[0], &vtable, nullptr, nullptr,
                                      nullptr);
    g_bus_own_name_on_connection(
        bus, "org.kde.StatusNotifierWatcher", G_BUS_NAME_OWNER_FLAGS_NONE,
        [](GDBusConnection*, const gchar*, gpointer) {
            std::printf("ready\n");
            std::fflush(stdout);
        },
        [](GDBusConnection*, const gchar*, gpointer) {
            std::fprintf(stderr, "sni_watcher: cannot own org.kde.StatusNotifierWatcher\n");
            std::exit(1);
        },
        nullptr, nullptr);
    g_main_loop_run(g_main_loop_new(nullptr, FALSE));
    return 0;
}
