"""A test logind on a private bus standing in for the system bus, run by the
system's Python with GLib's GDBus (as systemd's own sd-bus, it checks types
strictly). It offers Manager.GetSession (any id, "auto" included, answers
this one session's path, or NoSuchSession in mode "nosession") and the
session's LockedHint property; a line "lock" or "unlock" on standard input
sets the hint and emits PropertiesChanged as logind does (with another
changed property beside it), then says "sent".

    python3 logind_service.py ADDRESS MODE"""

import sys

from gi.repository import Gio, GLib

SESSION_PATH = "/org/freedesktop/login1/session/_32"
XML = """<node>
<interface name="org.freedesktop.login1.Manager">
  <method name="GetSession"><arg type="s" direction="in"/><arg type="o" direction="out"/></method>
</interface>
<interface name="org.freedesktop.login1.Session">
  <property name="LockedHint" type="b" access="read"/>
  <property name="IdleHint" type="b" access="read"/>
</interface>
</node>"""
INFO = Gio.DBusNodeInfo.new_for_xml(XML)
locked = [False]


def get_session(connection, sender, path, interface, method, parameters, invocation):
    if sys.argv[2] == "nosession":
        invocation.return_dbus_error("org.freedesktop.login1.NoSuchSession", "No session")
    else:
        invocation.return_value(GLib.Variant("(o)", (SESSION_PATH,)))


def get_property(connection, sender, path, interface, name):
    return GLib.Variant("b", locked[0] if name == "LockedHint" else False)


def on_line(connection):
    line = sys.stdin.readline().strip()
    if not line:
        loop.quit()
        return False
    locked[0] = line == "lock"
    changed = {"LockedHint": GLib.Variant("b", locked[0]), "IdleHint": GLib.Variant("b", locked[0])}
    connection.emit_signal(None, SESSION_PATH, "org.freedesktop.DBus.Properties", "PropertiesChanged",
                           GLib.Variant("(sa{sv}as)", ("org.freedesktop.login1.Session", changed, [])))
    connection.flush_sync(None)
    print("sent", flush=True)
    return True


def acquired(connection, name):
    connection.register_object("/org/freedesktop/login1", INFO.interfaces[0], get_session, None, None)
    connection.register_object(SESSION_PATH, INFO.interfaces[1], None, get_property, None)
    # IO_HUP too: with the test gone, a watch for IO_IN alone would spin on the hang-up.
    GLib.io_add_watch(sys.stdin, GLib.IO_IN | GLib.IO_HUP, lambda *_: on_line(connection))
    connection.connect("closed", lambda *_: loop.quit())  # the test's bus went away
    print("ready", flush=True)


flags = Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION
bus = Gio.DBusConnection.new_for_address_sync(sys.argv[1], flags, None, None)
Gio.bus_own_name_on_connection(bus, "org.freedesktop.login1", Gio.BusNameOwnerFlags.NONE, acquired, None)
loop = GLib.MainLoop()
loop.run()
