#!/usr/bin/python3
"""A TEST backend for the GlobalShortcuts portal (org.freedesktop.impl.portal.GlobalShortcuts).

Debian 12's xdg-desktop-portal 1.16 has the GlobalShortcuts frontend but nothing implements it
for sway. tests/support/wayland_session.cpp starts this script on the session's private bus
before the frontend and lists it in a clipnotetest.portal file (XDG_DESKTOP_PORTAL_DIR), so the
real frontend forwards org.freedesktop.portal.GlobalShortcuts calls here.

Owns   org.freedesktop.impl.portal.desktop.clipnotetest (or argv[1])
Exports
  /org/freedesktop/portal/desktop   org.freedesktop.impl.portal.GlobalShortcuts (version 1), as
                                    the 1.16 frontend calls it (data/org.freedesktop.impl.portal.
                                    GlobalShortcuts.xml, src/global-shortcuts.c)
  <session_handle>                  org.freedesktop.impl.portal.Session (Close, Closed) for each
                                    live session: the frontend calls Close on it when the client
                                    closes the session or leaves the bus
  /org/clipnote/TestShortcuts       org.clipnote.TestShortcuts, what a test drives:
      Fire(s id) -> u      emits Activated then Deactivated for every live session that bound
                           `id`; returns on how many sessions
      BindCount() -> u     how many BindShortcuts calls so far
      Bound() -> a(ss)     (id, trigger) of the latest BindShortcuts
      Sessions() -> u      how many sessions are live
Every call is logged to stderr.

Binding never asks anyone: each shortcut gets its preferred_trigger (as given) as its trigger.
"""
import sys
import time

try:
    import gi
    from gi.repository import Gio, GLib
except ImportError as e:  # pragma: no cover
    sys.stderr.write("global_shortcuts_backend: cannot import gi (%s); "
                     "run scripts/install-wayland-test-deps.sh (python3-gi)\n" % e)
    sys.exit(3)

BUS_NAME = sys.argv[1] if len(sys.argv) > 1 else "org.freedesktop.impl.portal.desktop.clipnotetest"
PORTAL_PATH = "/org/freedesktop/portal/desktop"
CONTROL_PATH = "/org/clipnote/TestShortcuts"
IMPL_IFACE = "org.freedesktop.impl.portal.GlobalShortcuts"
SESSION_IFACE = "org.freedesktop.impl.portal.Session"
CONTROL_IFACE = "org.clipnote.TestShortcuts"

XML = """
<node>
  <interface name="org.freedesktop.impl.portal.GlobalShortcuts">
    <method name="CreateSession">
      <arg type="o" name="handle" direction="in"/>
      <arg type="o" name="session_handle" direction="in"/>
      <arg type="s" name="app_id" direction="in"/>
      <arg type="a{sv}" name="options" direction="in"/>
      <arg type="u" name="response" direction="out"/>
      <arg type="a{sv}" name="results" direction="out"/>
    </method>
    <method name="BindShortcuts">
      <arg type="o" name="handle" direction="in"/>
      <arg type="o" name="session_handle" direction="in"/>
      <arg type="a(sa{sv})" name="shortcuts" direction="in"/>
      <arg type="s" name="parent_window" direction="in"/>
      <arg type="a{sv}" name="options" direction="in"/>
      <arg type="u" name="response" direction="out"/>
      <arg type="a{sv}" name="results" direction="out"/>
    </method>
    <method name="ListShortcuts">
      <arg type="o" name="handle" direction="in"/>
      <arg type="o" name="session_handle" direction="in"/>
      <arg type="u" name="response" direction="out"/>
      <arg type="a{sv}" name="results" direction="out"/>
    </method>
    <signal name="Activated">
      <arg type="o" name="session_handle"/>
      <arg type="s" name="shortcut_id"/>
      <arg type="t" name="timestamp"/>
      <arg type="a{sv}" name="options"/>
    </signal>
    <signal name="Deactivated">
      <arg type="o" name="session_handle"/>
      <arg type="s" name="shortcut_id"/>
      <arg type="t" name="timestamp"/>
      <arg type="a{sv}" name="options"/>
    </signal>
    <signal name="ShortcutsChanged">
      <arg type="o" name="session_handle"/>
      <arg type="a(sa{sv})" name="shortcuts"/>
    </signal>
    <property name="version" type="u" access="read"/>
  </interface>
  <interface name="org.freedesktop.impl.portal.Session">
    <method name="Close"/>
    <signal name="Closed"/>
    <property name="version" type="u" access="read"/>
  </interface>
  <interface name="org.clipnote.TestShortcuts">
    <method name="Fire">
      <arg type="s" name="shortcut_id" direction="in"/>
      <arg type="u" name="sessions" direction="out"/>
    </method>
    <method name="BindCount">
      <arg type="u" name="count" direction="out"/>
    </method>
    <method name="Bound">
      <arg type="a(ss)" name="shortcuts" direction="out"/>
    </method>
    <method name="Sessions">
      <arg type="u" name="count" direction="out"/>
    </method>
  </interface>
</node>
"""

NODE = Gio.DBusNodeInfo.new_for_xml(XML)


def log(msg):
    sys.stderr.write("global_shortcuts_backend: %s\n" % msg)
    sys.stderr.flush()


class Backend:
    def __init__(self, conn):
        self.conn = conn
        # session_handle -> {"app_id", "registration", "shortcuts": [(id, {props})]}
        self.sessions = {}
        self.bind_count = 0
        self.latest_bound = []  # [(id, trigger)]

    # --- replies -------------------------------------------------------------------------------
    @staticmethod
    def shortcuts_variant(shortcuts):
        return GLib.Variant("a(sa{sv})", [
            (sid, {"description": GLib.Variant("s", props.get("description", "")),
                   "trigger_description": GLib.Variant("s", props.get("trigger_description", ""))})
            for sid, props in shortcuts])

    def emit(self, name, signature, args):
        self.conn.emit_signal(None, PORTAL_PATH, IMPL_IFACE, name, GLib.Variant(signature, args))

    # --- org.freedesktop.impl.portal.GlobalShortcuts ---------------------------------------------
    def on_portal_call(self, conn, sender, path, iface, method, params, invocation):
        args = params.unpack()
        if method == "CreateSession":
            handle, session_handle, app_id, options = args
            log("CreateSession handle=%s session=%s app_id=%r options=%r"
                % (handle, session_handle, app_id, options))
            if session_handle not in self.sessions:
                reg = conn.register_object(session_handle, NODE.lookup_interface(SESSION_IFACE),
                                           self.on_session_call, self.on_get_property, None)
                self.sessions[session_handle] = {"app_id": app_id, "registration": reg,
                                                 "shortcuts": []}
            # 1.16's session_created_cb copies "shortcuts" from these results without checking
            # that it is there: it must be present (an empty list is fine).
            invocation.return_value(GLib.Variant("(ua{sv})", (0, {
                "session_id": GLib.Variant("s", session_handle),
                "shortcuts": self.shortcuts_variant([]),
            })))
        elif method == "BindShortcuts":
            handle, session_handle, shortcuts, parent_window, options = args
            self.bind_count += 1
            log("BindShortcuts #%d handle=%s session=%s parent_window=%r shortcuts=%r options=%r"
                % (self.bind_count, handle, session_handle, parent_window, shortcuts, options))
            bound = []
            for sid, props in shortcuts:
                trigger = props.get("preferred_trigger", "")
                bound.append((sid, {"description": props.get("description", ""),
                                    "trigger_description": trigger}))
            self.latest_bound = [(sid, p["trigger_description"]) for sid, p in bound]
            session = self.sessions.get(session_handle)
            if session is None:
                log("BindShortcuts: unknown session %s (binding anyway)" % session_handle)
                session = self.sessions[session_handle] = {"app_id": "", "registration": 0,
                                                           "shortcuts": []}
            session["shortcuts"] = bound
            invocation.return_value(GLib.Variant("(ua{sv})", (0, {
                "shortcuts": self.shortcuts_variant(bound)})))
        elif method == "ListShortcuts":
            handle, session_handle = args
            session = self.sessions.get(session_handle)
            log("ListShortcuts handle=%s session=%s" % (handle, session_handle))
            invocation.return_value(GLib.Variant("(ua{sv})", (0, {
                "shortcuts": self.shortcuts_variant(session["shortcuts"] if session else [])})))
        else:
            invocation.return_dbus_error("org.freedesktop.DBus.Error.UnknownMethod", method)

    def on_get_property(self, conn, sender, path, iface, prop):
        if prop == "version":
            return GLib.Variant("u", 1)
        return None

    # --- org.freedesktop.impl.portal.Session ----------------------------------------------------
    def on_session_call(self, conn, sender, path, iface, method, params, invocation):
        if method == "Close":
            log("Session.Close %s" % path)
            session = self.sessions.pop(path, None)
            invocation.return_value(None)
            if session and session["registration"]:
                conn.unregister_object(session["registration"])
        else:
            invocation.return_dbus_error("org.freedesktop.DBus.Error.UnknownMethod", method)

    # --- org.clipnote.TestShortcuts -------------------------------------------------------------
    def on_control_call(self, conn, sender, path, iface, method, params, invocation):
        if method == "Fire":
            (shortcut_id,) = params.unpack()
            fired = 0
            for session_handle, session in list(self.sessions.items()):
                if not any(sid == shortcut_id for sid, _ in session["shortcuts"]):
                    continue
                ts = int(time.time() * 1000)
                self.emit("Activated", "(osta{sv})", (session_handle, shortcut_id, ts, {}))
                self.emit("Deactivated", "(osta{sv})", (session_handle, shortcut_id, ts + 1, {}))
                fired += 1
            conn.flush_sync(None)
            log("Fire %r -> %d session(s)" % (shortcut_id, fired))
            invocation.return_value(GLib.Variant("(u)", (fired,)))
        elif method == "BindCount":
            log("BindCount -> %d" % self.bind_count)
            invocation.return_value(GLib.Variant("(u)", (self.bind_count,)))
        elif method == "Bound":
            log("Bound -> %r" % self.latest_bound)
            invocation.return_value(GLib.Variant("(a(ss))", (self.latest_bound,)))
        elif method == "Sessions":
            invocation.return_value(GLib.Variant("(u)", (len(self.sessions),)))
        else:
            invocation.return_dbus_error("org.freedesktop.DBus.Error.UnknownMethod", method)


def main():
    conn = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    backend = Backend(conn)
    conn.register_object(PORTAL_PATH, NODE.lookup_interface(IMPL_IFACE),
                         backend.on_portal_call, backend.on_get_property, None)
    conn.register_object(CONTROL_PATH, NODE.lookup_interface(CONTROL_IFACE),
                         backend.on_control_call, None, None)
    loop = GLib.MainLoop()

    # The objects are registered first, so they answer as soon as the name is owned.
    reply = conn.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus",
                           "org.freedesktop.DBus", "RequestName",
                           GLib.Variant("(su)", (BUS_NAME, 4)),  # DO_NOT_QUEUE
                           GLib.VariantType("(u)"), Gio.DBusCallFlags.NONE, -1, None)
    if reply.unpack()[0] not in (1, 4):  # PRIMARY_OWNER, ALREADY_OWNER
        log("cannot own %s (RequestName returned %d)" % (BUS_NAME, reply.unpack()[0]))
        sys.exit(2)
    log("owns %s on %s" % (BUS_NAME, conn.get_unique_name()))

    conn.connect("closed", lambda *a: loop.quit())
    for sig in (2, 15):  # SIGINT, SIGTERM
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, sig, lambda: (loop.quit(), False)[1])
    loop.run()
    log("exiting")


if __name__ == "__main__":
    main()
