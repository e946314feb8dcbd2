#include "app/gui/tray/status_notifier.h"

#include <gio/gio.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

#include "capture/portal/portal_bus.h"  // GObjectUnref

namespace clipnote::gui {
namespace {

constexpr const char* kItemPath = "/StatusNotifierItem";
constexpr const char* kMenuPath = "/MenuBar";
constexpr const char* kWatcher = "org.kde.StatusNotifierWatcher";
constexpr int kSeparatorIds = 100;  // separators' ids: 100 + the item's below them

constexpr const char* kIntrospection = R"XML(
<node>
  <interface name="org.kde.StatusNotifierItem">
    <property name="Category" type="s" access="read"/>
    <property name="Id" type="s" access="read"/>
    <property name="Title" type="s" access="read"/>
    <property name="Status" type="s" access="read"/>
    <property name="WindowId" type="i" access="read"/>
    <property name="IconName" type="s" access="read"/>
    <property name="IconThemePath" type="s" access="read"/>
    <property name="AttentionIconName" type="s" access="read"/>
    <property name="ToolTip" type="(sa(iiay)ss)" access="read"/>
    <property name="ItemIsMenu" type="b" access="read"/>
    <property name="Menu" type="o" access="read"/>
    <method name="ContextMenu"><arg name="x" type="i" direction="in"/><arg name="y" type="i" direction="in"/></method>
    <method name="Activate"><arg name="x" type="i" direction="in"/><arg name="y" type="i" direction="in"/></method>
    <method name="SecondaryActivate"><arg name="x" type="i" direction="in"/><arg name="y" type="i" direction="in"/></method>
    <method name="Scroll"><arg name="delta" type="i" direction="in"/><arg name="orientation" type="s" direction="in"/></method>
    <signal name="NewIcon"/>
    <signal name="NewAttentionIcon"/>
    <signal name="NewToolTip"/>
    <signal name="NewStatus"><arg name="status" type="s"/></signal>
  </interface>
  <interface name="com.canonical.dbusmenu">
    <property name="Version" type="u" access="read"/>
    <property name="TextDirection" type="s" access="read"/>
    <property name="Status" type="s" access="read"/>
    <property name="IconThemePath" type="as" access="read"/>
    <method name="GetLayout">
      <arg name="parentId" type="i" direction="in"/>
      <arg name="recursionDepth" type="i" direction="in"/>
      <arg name="propertyNames" type="as" direction="in"/>
      <arg name="revision" type="u" direction="out"/>
      <arg name="layout" type="(ia{sv}av)" direction="out"/>
    </method>
    <method name="GetGroupProperties">
      <arg name="ids" type="ai" direction="in"/>
      <arg name="propertyNames" type="as" direction="in"/>
      <arg name="properties" type="a(ia{sv})" direction="out"/>
    </method>
    <method name="GetProperty">
      <arg name="id" type="i" direction="in"/>
      <arg name="name" type="s" direction="in"/>
      <arg name="value" type="v" direction="out"/>
    </method>
    <method name="Event">
      <arg name="id" type="i" direction="in"/>
      <arg name="eventId" type="s" direction="in"/>
      <arg name="data" type="v" direction="in"/>
      <arg name="timestamp" type="u" direction="in"/>
    </method>
    <method name="EventGroup">
      <arg name="events" type="a(isvu)" direction="in"/>
      <arg name="idErrors" type="ai" direction="out"/>
    </method>
    <method name="AboutToShow">
      <arg name="id" type="i" direction="in"/>
      <arg name="needUpdate" type="b" direction="out"/>
    </method>
    <method name="AboutToShowGroup">
      <arg name="ids" type="ai" direction="in"/>
      <arg name="updatesNeeded" type="ai" direction="out"/>
      <arg name="idErrors" type="ai" direction="out"/>
    </method>
    <signal name="ItemsPropertiesUpdated">
      <arg name="updatedProps" type="a(ia{sv})"/>
      <arg name="removedProps" type="a(ia(s))"/>
    </signal>
    <signal name="LayoutUpdated"><arg name="revision" type="u"/><arg name="parent" type="i"/></signal>
  </interface>
</node>)XML";

struct ContextUnref {
    void operator()(GMainContext* c) const { g_main_context_unref(c); }
};
struct LoopUnref {
    void operator()(GMainLoop* l) const { g_main_loop_unref(l); }
};
struct NodeInfoUnref {
    void operator()(GDBusNodeInfo* n) const { g_dbus_node_info_unref(n); }
};

// One menu item's properties (a{sv}).
GVariant* item_properties(const TrayItem& item) {
    GVariantBuilder b;
    g_variant_builder_init(&b, G_VARIANT_TYPE("a{sv}"));
    g_variant_builder_add(&b, "{sv}", "label", g_variant_new_string(item.label.c_str()));
    g_variant_builder_add(&b, "{sv}", "enabled", g_variant_new_boolean(item.enabled));
    g_variant_builder_add(&b, "{sv}", "visible", g_variant_new_boolean(TRUE));
    return g_variant_builder_end(&b);
}

GVariant* separator_properties() {
    GVariantBuilder b;
    g_variant_builder_init(&b, G_VARIANT_TYPE("a{sv}"));
    g_variant_builder_add(&b, "{sv}", "type", g_variant_new_string("separator"));
    return g_variant_builder_end(&b);
}

// GIO would otherwise start a bus of its own for the X display (dbus-launch) when none is set.
bool session_bus_known() {
    const char* address = std::getenv("DBUS_SESSION_BUS_ADDRESS");
    if (address && *address) return true;
    const char* runtime = std::getenv("XDG_RUNTIME_DIR");
    return runtime && *runtime && ::access((std::string(runtime) + "/bus").c_str(), F_OK) == 0;
}

GVariant* leaf(int id, GVariant* properties) {
    return g_variant_new("(i@a{sv}@av)", id, properties, g_variant_new_array(G_VARIANT_TYPE_VARIANT, nullptr, 0));
}

}  // namespace

struct StatusNotifier::Impl {
    std::function<void(TrayAction)> on_action;
    std::unique_ptr<GMainContext, ContextUnref> context{g_main_context_new()};
    std::unique_ptr<GMainLoop, LoopUnref> loop{g_main_loop_new(context.get(), FALSE)};
    std::unique_ptr<GDBusNodeInfo, NodeInfoUnref> node{g_dbus_node_info_new_for_xml(kIntrospection, nullptr)};
    std::unique_ptr<GDBusConnection, GObjectUnref> bus;
    std::string service;
    guint watch = 0;
    std::vector<guint> objects;  // registrations, undone before this goes
    std::thread thread;

    mutable std::mutex mutex;
    std::condition_variable started_cv;
    bool started = false;
    std::string problem;
    TrayState state = TrayState::idle;
    guint revision = 1;
    bool shown = false;  // the watcher accepted the registration (and has not gone since)

    TrayState current() const {
        std::lock_guard lock(mutex);
        return state;
    }

    // The layout under the root: each item, a separator before those that want one.
    GVariant* layout() const {
        GVariantBuilder children;
        g_variant_builder_init(&children, G_VARIANT_TYPE("av"));
        for (const TrayItem& item : tray_menu(current())) {
            if (item.separator_before)
                g_variant_builder_add(&children, "v", leaf(kSeparatorIds + item.id, separator_properties()));
            g_variant_builder_add(&children, "v", leaf(item.id, item_properties(item)));
        }
        GVariantBuilder root;
        g_variant_builder_init(&root, G_VARIANT_TYPE("a{sv}"));
        g_variant_builder_add(&root, "{sv}", "children-display", g_variant_new_string("submenu"));
        return g_variant_new("(i@a{sv}@av)", 0, g_variant_builder_end(&root), g_variant_builder_end(&children));
    }

    GVariant* item_property(int id, const char* name) const {
        for (const TrayItem& item : tray_menu(current())) {
            if (item.id != id) continue;
            if (g_strcmp0(name, "label") == 0) return g_variant_new_string(item.label.c_str());
            if (g_strcmp0(name, "enabled") == 0) return g_variant_new_boolean(item.enabled);
            if (g_strcmp0(name, "visible") == 0) return g_variant_new_boolean(TRUE);
        }
        return nullptr;
    }

    void act(int id) {
        TrayAction action;
        if (!tray_action_of(id, action)) return;
        for (const TrayItem& item : tray_menu(current()))
            if (item.id == id && !item.enabled) return;  // greyed out: nothing happens
        on_action(action);
    }

    static void method_call(GDBusConnection*, const gchar*, const gchar*, const gchar* interface, const gchar* method,
                            GVariant* params, GDBusMethodInvocation* invocation, gpointer data) {
        auto* self = static_cast<Impl*>(data);
        if (g_strcmp0(interface, "org.kde.StatusNotifierItem") == 0) {
            if (g_strcmp0(method, "Activate") == 0) self->on_action(TrayAction::open);  // a left click
            g_dbus_method_invocation_return_value(invocation, nullptr);
            return;
        }
        if (g_strcmp0(method, "GetLayout") == 0) {
            gint32 parent = 0;
            g_variant_get_child(params, 0, "i", &parent);
            GVariant* layout = self->layout();
            if (parent != 0) {  // the items have no children
                g_variant_unref(g_variant_ref_sink(layout));
                layout = leaf(parent, g_variant_new_array(G_VARIANT_TYPE("{sv}"), nullptr, 0));
            }
            g_dbus_method_invocation_return_value(invocation, g_variant_new("(u@(ia{sv}av))", self->revision, layout));
        } else if (g_strcmp0(method, "GetGroupProperties") == 0) {
            GVariantIter* ids = nullptr;
            g_variant_get_child(params, 0, "ai", &ids);
            GVariantBuilder out;
            g_variant_builder_init(&out, G_VARIANT_TYPE("a(ia{sv})"));
            gint32 id = 0;
            while (g_variant_iter_next(ids, "i", &id))
                for (const TrayItem& item : tray_menu(self->current()))
                    if (item.id == id) g_variant_builder_add(&out, "(i@a{sv})", id, item_properties(item));
            g_variant_iter_free(ids);
            g_dbus_method_invocation_return_value(invocation, g_variant_new("(a(ia{sv}))", &out));
        } else if (g_strcmp0(method, "GetProperty") == 0) {
            gint32 id = 0;
            const gchar* name = nullptr;
            g_variant_get(params, "(i&s)", &id, &name);
            GVariant* value = self->item_property(id, name);
            if (!value)
                g_dbus_method_invocation_return_dbus_error(invocation, "com.canonical.dbusmenu.UnknownProperty", name);
            else
                g_dbus_method_invocation_return_value(invocation, g_variant_new("(v)", value));
        } else if (g_strcmp0(method, "Event") == 0) {
            gint32 id = 0;
            const gchar* event = nullptr;
            g_variant_get_child(params, 0, "i", &id);
            g_variant_get_child(params, 1, "&s", &event);
            if (g_strcmp0(event, "clicked") == 0) self->act(id);
            g_dbus_method_invocation_return_value(invocation, nullptr);
        } else if (g_strcmp0(method, "EventGroup") == 0) {
            GVariantIter* events = nullptr;
            g_variant_get_child(params, 0, "a(isvu)", &events);
            gint32 id = 0;
            const gchar* event = nullptr;
            GVariant* data_ = nullptr;
            guint32 time = 0;
            while (g_variant_iter_next(events, "(i&svu)", &id, &event, &data_, &time)) {
                if (g_strcmp0(event, "clicked") == 0) self->act(id);
                g_variant_unref(data_);
            }
            g_variant_iter_free(events);
            g_dbus_method_invocation_return_value(invocation, g_variant_new("(@ai)", g_variant_new_array(G_VARIANT_TYPE_INT32, nullptr, 0)));
        } else if (g_strcmp0(method, "AboutToShow") == 0) {
            g_dbus_method_invocation_return_value(invocation, g_variant_new("(b)", FALSE));
        } else if (g_strcmp0(method, "AboutToShowGroup") == 0) {
            g_dbus_method_invocation_return_value(invocation,
                                                  g_variant_new("(@ai@ai)", g_variant_new_array(G_VARIANT_TYPE_INT32, nullptr, 0),
                                                                g_variant_new_array(G_VARIANT_TYPE_INT32, nullptr, 0)));
        } else {
            g_dbus_method_invocation_return_dbus_error(invocation, "org.freedesktop.DBus.Error.UnknownMethod", method);
        }
    }

    static GVariant* get_property(GDBusConnection*, const gchar*, const gchar*, const gchar* interface,
                                  const gchar* name, GError** error, gpointer data) {
        auto* self = static_cast<Impl*>(data);
        const TrayLook look = tray_look(self->current());
        if (g_strcmp0(interface, "com.canonical.dbusmenu") == 0) {
            if (g_strcmp0(name, "Version") == 0) return g_variant_new_uint32(3);
            if (g_strcmp0(name, "TextDirection") == 0) return g_variant_new_string("ltr");
            if (g_strcmp0(name, "Status") == 0) return g_variant_new_string("normal");
            if (g_strcmp0(name, "IconThemePath") == 0) return g_variant_new_strv(nullptr, 0);
        } else {
            if (g_strcmp0(name, "Category") == 0) return g_variant_new_string("ApplicationStatus");
            if (g_strcmp0(name, "Id") == 0) return g_variant_new_string("clipnote");
            if (g_strcmp0(name, "Title") == 0) return g_variant_new_string("clipnote");
            if (g_strcmp0(name, "Status") == 0) return g_variant_new_string(look.status.c_str());
            if (g_strcmp0(name, "WindowId") == 0) return g_variant_new_int32(0);
            if (g_strcmp0(name, "IconName") == 0 || g_strcmp0(name, "AttentionIconName") == 0)
                return g_variant_new_string(look.icon_name.c_str());
            if (g_strcmp0(name, "IconThemePath") == 0) return g_variant_new_string("");
            if (g_strcmp0(name, "ItemIsMenu") == 0) return g_variant_new_boolean(FALSE);  // a left click opens the window
            if (g_strcmp0(name, "Menu") == 0) return g_variant_new_object_path(kMenuPath);
            if (g_strcmp0(name, "ToolTip") == 0)
                return g_variant_new("(s@a(iiay)ss)", look.icon_name.c_str(),
                                     g_variant_new_array(G_VARIANT_TYPE("(iiay)"), nullptr, 0), "clipnote",
                                     look.tooltip.c_str());
        }
        g_set_error(error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_PROPERTY, "no property %s", name);
        return nullptr;
    }

    void register_with_watcher() {
        g_dbus_connection_call(
            bus.get(), kWatcher, "/StatusNotifierWatcher", kWatcher, "RegisterStatusNotifierItem",
            g_variant_new("(s)", service.c_str()), nullptr, G_DBUS_CALL_FLAGS_NONE, 5000, nullptr,
            [](GObject* source, GAsyncResult* result, gpointer data) {
                GVariant* reply = g_dbus_connection_call_finish(G_DBUS_CONNECTION(source), result, nullptr);
                if (reply) g_variant_unref(reply);
                auto* self = static_cast<Impl*>(data);
                std::lock_guard lock(self->mutex);
                self->shown = reply != nullptr;
            },
            this);
    }

    // The state changed: the panel reads the icon, tooltip and menu again.
    void announce() {
        if (!bus) return;
        const TrayLook look = tray_look(current());
        for (const char* signal : {"NewIcon", "NewAttentionIcon", "NewToolTip"})
            g_dbus_connection_emit_signal(bus.get(), nullptr, kItemPath, "org.kde.StatusNotifierItem", signal, nullptr,
                                          nullptr);
        g_dbus_connection_emit_signal(bus.get(), nullptr, kItemPath, "org.kde.StatusNotifierItem", "NewStatus",
                                      g_variant_new("(s)", look.status.c_str()), nullptr);
        ++revision;
        g_dbus_connection_emit_signal(bus.get(), nullptr, kMenuPath, "com.canonical.dbusmenu", "LayoutUpdated",
                                      g_variant_new("(ui)", revision, 0), nullptr);
    }

    // On the tray's thread: connect, export both objects, take the name, register.
    void start() {
        g_main_context_push_thread_default(context.get());
        GError* error = nullptr;
        std::string why;
        if (!session_bus_known()) why = "no tray icon: no session bus (DBUS_SESSION_BUS_ADDRESS is not set)";
        else bus.reset(g_bus_get_sync(G_BUS_TYPE_SESSION, nullptr, &error));
        if (why.empty() && !bus) {
            why = std::string("no tray icon: no session bus (") + (error ? error->message : "unknown") + ")";
            g_clear_error(&error);
        }
        if (bus) {
            static const GDBusInterfaceVTable vtable{&Impl::method_call, &Impl::get_property, nullptr, {}};
            for (const auto& [path, index] : {std::pair{kItemPath, 0}, std::pair{kMenuPath, 1}}) {
                const guint id = g_dbus_connection_register_object(bus.get(), path, node->interfaces[index], &vtable,
                                                                   this, nullptr, &error);
                if (id) objects.push_back(id);
                else why = std::string("no tray icon: ") + error->message;
                g_clear_error(&error);
            }
            service = "org.kde.StatusNotifierItem-" + std::to_string(::getpid()) + "-1";
            GVariant* owned = g_dbus_connection_call_sync(
                bus.get(), "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "RequestName",
                g_variant_new("(su)", service.c_str(), 4u /* do not queue */), nullptr, G_DBUS_CALL_FLAGS_NONE, 5000,
                nullptr, &error);
            if (owned) g_variant_unref(owned);
            else if (why.empty()) why = std::string("no tray icon: ") + error->message;
            g_clear_error(&error);
            // Register now if a panel is there, and again whenever one (re)appears.
            watch = g_bus_watch_name_on_connection(
                bus.get(), kWatcher, G_BUS_NAME_WATCHER_FLAGS_NONE,
                [](GDBusConnection*, const gchar*, const gchar*, gpointer data) {
                    static_cast<Impl*>(data)->register_with_watcher();
                },
                [](GDBusConnection*, const gchar*, gpointer data) {
                    auto* self = static_cast<Impl*>(data);
                    std::lock_guard lock(self->mutex);
                    self->shown = false;  // the panel went away
                },
                this, nullptr);
        }
        {
            std::lock_guard lock(mutex);
            problem = why;
            started = true;
        }
        started_cv.notify_all();
        g_main_loop_run(loop.get());
        if (watch) g_bus_unwatch_name(watch);
        // The session connection is shared (libnotify uses it too) and outlives this: nothing of
        // this object may stay reachable through it.
        for (guint id : objects) g_dbus_connection_unregister_object(bus.get(), id);
        bus.reset();
        g_main_context_pop_thread_default(context.get());
    }
};

StatusNotifier::StatusNotifier(std::function<void(TrayAction)> on_action) : impl_(std::make_unique<Impl>()) {
    impl_->on_action = std::move(on_action);
    impl_->thread = std::thread([impl = impl_.get()] { impl->start(); });
    std::unique_lock lock(impl_->mutex);
    impl_->started_cv.wait(lock, [&] { return impl_->started; });
}

StatusNotifier::~StatusNotifier() {
    g_main_context_invoke(
        impl_->context.get(),
        [](gpointer data) {
            g_main_loop_quit(static_cast<Impl*>(data)->loop.get());
            return G_SOURCE_REMOVE;
        },
        impl_.get());
    impl_->thread.join();
}

void StatusNotifier::set_state(TrayState state) {
    {
        std::lock_guard lock(impl_->mutex);
        if (impl_->state == state) return;
        impl_->state = state;
    }
    g_main_context_invoke(
        impl_->context.get(),
        [](gpointer data) {
            static_cast<Impl*>(data)->announce();
            return G_SOURCE_REMOVE;
        },
        impl_.get());
}

bool StatusNotifier::shown() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->shown;
}

std::string StatusNotifier::problem() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->problem;
}

}  // namespace clipnote::gui
