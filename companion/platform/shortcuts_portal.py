"""Global shortcuts on Wayland: the XDG desktop portal's GlobalShortcuts
interface (KDE Plasma, GNOME 48 and later, Hyprland), over QtDBus on the
session bus.

The portal works in sessions: CreateSession, then BindShortcuts once per
session with every shortcut at once (the desktop usually shows the person a
dialog to confirm or change the keys), then an Activated signal for each
press. Each call answers at once with the path of an
org.freedesktop.portal.Request object, and later, through that object's
Response(u, a{sv}) signal, with the outcome: 0 done, 1 the person said no,
2 something else went wrong. The request path can be known in advance
(.../request/SENDER/TOKEN, from our own handle_token), so we listen there
before calling, as the portal's documentation says, and never wait for an
answer on the GUI thread.

Since a session binds only once, `bind` and `release` only note what is
wanted; the changes of one turn of the event loop are sent together in a new
session, and the old session is closed. What the portal answers later comes
as `turned_down(action, sentence)` when it is a no.

Shortcut ids are the action names; triggers are written as the XDG
shortcuts specification has them ("CTRL+ALT+b": modifiers CTRL, ALT, SHIFT,
LOGO and an xkbcommon key name).

PySide6 cannot write the portal's list of shortcuts, a D-Bus array of
(string, a{sv}) structures: QtDBus writes an array only of a type whose
D-Bus signature it knows. When QtDBus reads an interface that uses a
structure it has no type for, it makes a placeholder type named after the
signature, but records no signature for it. `_shortcut_type` has QtDBus read
such an interface of our own, then records the signature for that
placeholder with QDBusMetaType::registerCustomType (public in
qdbusmetatype.h, not wrapped by PySide6), called through ctypes. Where that
cannot be done, there are no portal shortcuts and the desktop's own keyboard
settings are offered instead."""

from __future__ import annotations

import ctypes
import itertools
from pathlib import Path

from PySide6.QtCore import SLOT, ClassInfo, QByteArray, QMetaType, QObject, QTimer, Slot

from companion.core.keys import KeyCombination

from .shortcuts import Shortcuts
from .shortcuts_x11 import KEYSYMS

try:
    from PySide6.QtDBus import (QDBus, QDBusArgument, QDBusConnection, QDBusInterface, QDBusMessage, QDBusObjectPath,
                                QDBusVariant)
except ImportError:  # a Qt build without D-Bus
    QDBusConnection = None

SERVICE = "org.freedesktop.portal.Desktop"
PATH = "/org/freedesktop/portal/desktop"
INTERFACE = "org.freedesktop.portal.GlobalShortcuts"
REQUEST = "org.freedesktop.portal.Request"
SESSION = "org.freedesktop.portal.Session"
PROPERTIES = "org.freedesktop.DBus.Properties"

# What the desktop's dialog and settings say each shortcut does.
DESCRIPTIONS = {"breathe": "Mute the microphone and breathe", "rough": "Log a rough call",
                "ok": "Log an OK call", "great": "Log a great call"}
TRIGGER_MODIFIERS = (("Ctrl", "CTRL"), ("Alt", "ALT"), ("Shift", "SHIFT"), ("Meta", "LOGO"))

_STRUCT = "(sa{sv})"
_TYPES_PATH = "/org/companion/PortalTypes"
_TYPES_INTERFACE = "org.companion.PortalTypes"
_TYPES_XML = (f'<interface name="{_TYPES_INTERFACE}"><method name="Shortcut">'
              f'<arg name="shortcut" type="{_STRUCT}" direction="in"/></method></interface>')
_REGISTER_CUSTOM_TYPE = "_ZN13QDBusMetaType18registerCustomTypeE9QMetaTypeRK10QByteArray"
_shortcut_metatype: QMetaType | None = None
_tokens = itertools.count(1)


def trigger(keys: KeyCombination) -> str:
    """Ctrl+Alt+B -> "CTRL+ALT+b", as the XDG shortcuts specification writes it."""
    key = KEYSYMS.get(keys.key, keys.key.lower() if len(keys.key) == 1 else keys.key)
    return "+".join([name for qt, name in TRIGGER_MODIFIERS if qt in keys.modifiers] + [key])


@ClassInfo({"D-Bus Interface": _TYPES_INTERFACE, "D-Bus Introspection": _TYPES_XML})
class _Types(QObject):
    """Only read, once: it makes QtDBus make its placeholder type for (sa{sv})."""


def _qt_dbus_library() -> ctypes.CDLL:
    try:
        return ctypes.CDLL("libQt6DBus.so.6")  # already loaded by PySide6.QtDBus
    except OSError:
        import PySide6

        return ctypes.CDLL(str(Path(PySide6.__file__).parent / "Qt" / "lib" / "libQt6DBus.so.6"))


def _shortcut_type(bus: QDBusConnection) -> QMetaType | None:
    """A Qt type QtDBus writes as (sa{sv}), or None where this Qt has none."""
    global _shortcut_metatype
    if _shortcut_metatype is not None:
        return _shortcut_metatype
    types = _Types()
    if not bus.registerObject(_TYPES_PATH, types, QDBusConnection.RegisterOption.ExportAllSlots):
        return None
    try:
        QDBusInterface(bus.baseService(), _TYPES_PATH, _TYPES_INTERFACE, bus)
    finally:
        bus.unregisterObject(_TYPES_PATH)
    placeholder = QMetaType.fromName(b"QDBusRawType<0x" + _STRUCT.encode().hex().encode() + b">*")
    if not placeholder.isValid():
        return None
    try:
        from shiboken6 import Shiboken

        register = _qt_dbus_library()[_REGISTER_CUSTOM_TYPE]
    except (OSError, AttributeError, ImportError):
        return None
    register.argtypes, register.restype = [ctypes.c_void_p, ctypes.c_void_p], None
    signature = QByteArray(_STRUCT.encode())
    # A QMetaType is one pointer, passed by value; the signature goes by reference.
    interface = ctypes.c_void_p.from_address(Shiboken.getCppPointer(placeholder)[0]).value
    register(interface, Shiboken.getCppPointer(signature)[0])
    _shortcut_metatype = placeholder
    return placeholder


def portal_version(bus: QDBusConnection, timeout_ms: int = 1500) -> int:
    """The GlobalShortcuts version the desktop portal offers; 0 for none."""
    if QDBusConnection is None or not bus.isConnected():
        return 0
    ask = QDBusMessage.createMethodCall(SERVICE, PATH, PROPERTIES, "Get")
    ask.setArguments([INTERFACE, "version"])
    reply = bus.call(ask, QDBus.CallMode.Block, timeout_ms)
    if reply.type() != QDBusMessage.MessageType.ReplyMessage or not reply.arguments():
        return 0
    value = reply.arguments()[0]
    value = value.variant() if isinstance(value, QDBusVariant) else value
    return int(value) if isinstance(value, int) else 0


def portal_shortcuts(parent: QObject | None = None, bus: QDBusConnection | None = None) -> PortalShortcuts | None:
    """The portal's shortcuts, or None where no portal on the bus offers them."""
    if QDBusConnection is None:
        return None
    bus = bus if bus is not None else QDBusConnection.sessionBus()
    if portal_version(bus) < 1 or _shortcut_type(bus) is None:
        return None
    return PortalShortcuts(bus, parent)


class PortalShortcuts(Shortcuts):
    available = True

    def __init__(self, bus: QDBusConnection, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bus = bus
        self._sender = bus.baseService().lstrip(":").replace(".", "_")
        self._wanted: dict[str, KeyCombination] = {}
        self._session = ""  # the session whose shortcuts are (being) bound
        self._session_keys: dict[str, KeyCombination] = {}  # what it was asked to bind
        # request path -> (method, the shortcuts it is for, its session)
        self._requests: dict[str, tuple[str, dict[str, KeyCombination], str]] = {}
        self._sent = False  # a change is already waiting for the next turn of the event loop
        bus.connect(SERVICE, PATH, INTERFACE, "Activated", self, SLOT("_on_activated(QDBusMessage)"))

    # -- the interface ---------------------------------------------------------------------
    def bind(self, action: str, keys: KeyCombination) -> str | None:
        self._wanted[action] = keys
        self._soon()
        return None

    def release(self, action: str) -> None:
        if self._wanted.pop(action, None) is not None:
            self._soon()

    def release_all(self) -> None:
        self._wanted.clear()
        self._close_session()

    # -- talking to the portal ----------------------------------------------------------------
    def _soon(self) -> None:
        if not self._sent:
            self._sent = True
            QTimer.singleShot(0, self, self._send)

    def _send(self) -> None:
        self._sent = False
        if self._session and self._wanted == self._session_keys:
            return  # released and bound again as they were: the desktop need not ask again
        self._close_session()
        if not self._wanted:
            return
        session_token = f"companion{next(_tokens)}"
        self._session, self._session_keys = f"{PATH}/session/{self._sender}/{session_token}", dict(self._wanted)
        self._request("CreateSession", dict(self._wanted), lambda token: [
            {"handle_token": token, "session_handle_token": session_token}])

    def _request(self, method: str, shortcuts: dict[str, KeyCombination], arguments) -> None:
        token = f"companion{next(_tokens)}"
        path = f"{PATH}/request/{self._sender}/{token}"
        # Listen first: the answer may come before the call returns.
        self._bus.connect(SERVICE, path, REQUEST, "Response", self, SLOT("_on_response(QDBusMessage)"))
        self._requests[path] = (method, shortcuts, self._session)
        call = QDBusMessage.createMethodCall(SERVICE, PATH, INTERFACE, method)
        call.setArguments(arguments(token))
        if not self._bus.send(call):
            self._answered(path, 2)

    def _bind_shortcuts(self, shortcuts: dict[str, KeyCombination]) -> None:
        listed = QDBusArgument()
        listed.beginArray(_shortcut_metatype)
        for action, keys in shortcuts.items():
            listed.beginStructure()
            listed.appendVariant(action)
            listed.appendVariant({"description": DESCRIPTIONS.get(action, action), "preferred_trigger": trigger(keys)})
            listed.endStructure()
        listed.endArray()
        self._request("BindShortcuts", shortcuts, lambda token: [
            QDBusObjectPath(self._session), listed, "", {"handle_token": token}])

    def _close_session(self) -> None:
        if self._session:
            self._bus.send(QDBusMessage.createMethodCall(SERVICE, self._session, SESSION, "Close"))
            self._session = ""

    @Slot(QDBusMessage)
    def _on_response(self, message: QDBusMessage) -> None:
        arguments = message.arguments()
        code = arguments[0] if arguments and isinstance(arguments[0], int) else 2
        self._answered(message.path(), code)

    def _answered(self, path: str, code: int) -> None:
        self._bus.disconnect(SERVICE, path, REQUEST, "Response", self, SLOT("_on_response(QDBusMessage)"))
        method, shortcuts, session = self._requests.pop(path, ("", {}, ""))
        if session != self._session:  # about keys since changed: a newer session is on its way
            if code == 0 and method == "CreateSession":
                self._bus.send(QDBusMessage.createMethodCall(SERVICE, session, SESSION, "Close"))
            return
        if code == 0 and method == "CreateSession":
            self._bind_shortcuts(shortcuts)
            return
        if code == 0:
            return
        self._close_session()  # a session binds once: the same keys bound again will ask anew
        self._session_keys = {}
        if code == 1:
            sentence = "{keys} was not set: the desktop's shortcut dialog was closed or turned it down."
        else:
            sentence = "{keys} could not be set: the desktop's shortcut service answered with an error."
        for action, keys in shortcuts.items():
            self.turned_down.emit(action, sentence.format(keys=keys))

    @Slot(QDBusMessage)
    def _on_activated(self, message: QDBusMessage) -> None:
        arguments = message.arguments()
        if len(arguments) < 2 or not self._session:
            return
        session, action = arguments[0], arguments[1]
        session = session.path() if isinstance(session, QDBusObjectPath) else str(session)
        if session == self._session and action in self._wanted:
            self.activated.emit(action)
