"""A test desktop portal offering org.freedesktop.portal.GlobalShortcuts on
a private session bus, run by the system's Python with GLib's GDBus (the
library xdg-desktop-portal itself is built on, which checks every argument's
D-Bus type as strictly). It answers CreateSession, BindShortcuts and
ListShortcuts through Request objects at .../request/SENDER/TOKEN with their
Response signal, keeps Session objects at .../session/SENDER/TOKEN, and emits
Activated when told on standard input. Every call is said as a JSON line.

    python3 portal_service.py ADDRESS MODE
MODE: "ok" (binds what is asked), "refuse" (the person said no: Response 1),
"fail" (Response 2), "old" (a portal without GlobalShortcuts)."""

import json
import sys

from gi.repository import Gio, GLib

PATH = "/org/freedesktop/portal/desktop"
XML = """<node>
<interface name="org.freedesktop.portal.GlobalShortcuts">
  <method name="CreateSession"><arg type="a{sv}" direction="in"/><arg type="o" direction="out"/></method>
  <method name="BindShortcuts"><arg type="o" direction="in"/><arg type="a(sa{sv})" direction="in"/>
    <arg type="s" direction="in"/><arg type="a{sv}" direction="in"/><arg type="o" direction="out"/></method>
  <method name="ListShortcuts"><arg type="o" direction="in"/><arg type="a{sv}" direction="in"/>
    <arg type="o" direction="out"/></method>
  <signal name="Activated"><arg type="o"/><arg type="s"/><arg type="t"/><arg type="a{sv}"/></signal>
  <property name="version" type="u" access="read"/>
</interface>
<interface name="org.freedesktop.portal.Session">
  <method name="Close"/>
</interface>
<interface name="org.freedesktop.portal.Settings">
  <property name="version" type="u" access="read"/>
</interface>
</node>"""
NODE = Gio.DBusNodeInfo.new_for_xml(XML)
address, mode = sys.argv[1], sys.argv[2]
bus = Gio.DBusConnection.new_for_address_sync(
    address, Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION, None, None)
sessions = {}  # session path -> (owner, registration id, bound shortcuts)


def say(**what):
    print(json.dumps(what), flush=True)


def handle(sender, token):
    return f"{PATH}/request/{sender[1:].replace('.', '_')}/{token}"


def respond(sender, request, code, results):
    def later():
        bus.emit_signal(sender, request, "org.freedesktop.portal.Request", "Response",
                        GLib.Variant("(ua{sv})", (code, results)))
        return False
    GLib.idle_add(later)


def on_session_call(_bus, sender, path, _iface, method, _params, invocation):
    say(call=method, session=path)
    owner, registration, _bound = sessions.pop(path)
    bus.unregister_object(registration)
    invocation.return_value(None)


def on_call(_bus, sender, _path, _iface, method, params, invocation):
    if method == "CreateSession":
        (options,) = params.unpack()
        request = handle(sender, options["handle_token"])
        session = f"{PATH}/session/{sender[1:].replace('.', '_')}/{options['session_handle_token']}"
        registration = bus.register_object(session, NODE.lookup_interface("org.freedesktop.portal.Session"),
                                           on_session_call, None, None)
        sessions[session] = (sender, registration, [])
        say(call=method, request=request, session=session)
        invocation.return_value(GLib.Variant("(o)", (request,)))
        respond(sender, request, 0, {"session_handle": GLib.Variant("s", session)})
    elif method == "BindShortcuts":
        session, shortcuts, parent_window, options = params.unpack()
        request = handle(sender, options["handle_token"])
        say(call=method, request=request, session=session, parent_window=parent_window,
            shortcuts=[[sid, info] for sid, info in shortcuts])
        if session not in sessions or sessions[session][0] != sender:
            invocation.return_dbus_error("org.freedesktop.portal.Error.InvalidArgument", "no such session")
            return
        invocation.return_value(GLib.Variant("(o)", (request,)))
        if mode == "ok":
            sessions[session][2][:] = [sid for sid, _info in shortcuts]
            bound = [(sid, {"description": GLib.Variant("s", info["description"]),
                            "trigger_description": GLib.Variant("s", info.get("preferred_trigger", ""))})
                     for sid, info in shortcuts]
            respond(sender, request, 0, {"shortcuts": GLib.Variant("a(sa{sv})", bound)})
        else:
            respond(sender, request, 1 if mode == "refuse" else 2, {})
    elif method == "ListShortcuts":
        session, options = params.unpack()
        request = handle(sender, options["handle_token"])
        invocation.return_value(GLib.Variant("(o)", (request,)))
        listed = [(sid, {}) for sid in sessions.get(session, ("", 0, []))[2]]
        respond(sender, request, 0, {"shortcuts": GLib.Variant("a(sa{sv})", listed)})


def on_property(*_args):
    return GLib.Variant("u", 2)


def command(_source, _condition):
    line = sys.stdin.readline()
    words = line.split()
    if not words or words[0] == "quit":
        loop.quit()
        return False
    if words[0] == "activate":  # activate SHORTCUT_ID: in every open session that bound it
        for session, (owner, _registration, bound) in sessions.items():
            if words[1] in bound:
                bus.emit_signal(owner, PATH, "org.freedesktop.portal.GlobalShortcuts", "Activated",
                                GLib.Variant("(osta{sv})", (session, words[1], 1234, {})))
    return True


interface = "org.freedesktop.portal.Settings" if mode == "old" else "org.freedesktop.portal.GlobalShortcuts"
bus.register_object(PATH, NODE.lookup_interface(interface), on_call, on_property, None)
bus.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "RequestName",
              GLib.Variant("(su)", ("org.freedesktop.portal.Desktop", 4)), None, 0, -1, None)
GLib.io_add_watch(sys.stdin, GLib.IO_IN | GLib.IO_HUP, command)
loop = GLib.MainLoop()
say(call="ready")
loop.run()
