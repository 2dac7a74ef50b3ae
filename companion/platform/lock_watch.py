"""Whether the screen is locked, as the desktop announces it: the
ActiveChanged signal of org.freedesktop.ScreenSaver (KDE, Xfce and others)
and of org.gnome.ScreenSaver (GNOME), on the session bus, and logind's
LockedHint for this login session on the system bus (what sway's swaylock,
light-locker and other lockers set). Signals only, nothing polls. Where no
such service runs, nothing is ever announced, and time away still counts
through the idle time (idle_time.py)."""

from __future__ import annotations

import os

from PySide6.QtCore import SLOT, QObject, Signal, Slot
from PySide6.QtDBus import QDBusConnection, QDBusError, QDBusMessage

SCREEN_SAVERS = (
    ("/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("/ScreenSaver", "org.freedesktop.ScreenSaver"),  # KDE's older path
    ("/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
)
LOGIND = "org.freedesktop.login1"
SESSION = "org.freedesktop.login1.Session"
PROPERTIES = "org.freedesktop.DBus.Properties"


class LockWatch(QObject):
    changed = Signal(bool)  # True when the screen locked, False when it unlocked

    def __init__(self, bus: QDBusConnection | None = None, system_bus: QDBusConnection | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bus = bus if bus is not None else QDBusConnection.sessionBus()
        self.listening = self.bus.isConnected() and any([
            # From any sender: the screen saver's well-known name is not always the one that emits.
            self.bus.connect("", path, interface, "ActiveChanged", self, SLOT("_active(bool)"))
            for path, interface in SCREEN_SAVERS])
        self._locked: bool | None = None
        self.system_bus = system_bus if system_bus is not None else QDBusConnection.systemBus()
        self.session_path: str | None = None  # this login session's object at logind, once known
        if self.system_bus.isConnected():
            self._find_session()

    @Slot(bool)
    def _active(self, locked: bool) -> None:
        if locked != self._locked:  # two screen savers may both say it
            self._locked = locked
            self.changed.emit(locked)

    # -- logind -------------------------------------------------------------------
    # Every call is asynchronous: the system bus must never hold up the tray.
    def _ask(self, message: QDBusMessage, answer: bytes) -> None:
        self.system_bus.callWithCallback(message, self, answer, SLOT("_no_answer(QDBusError,QDBusMessage)"))

    def _find_session(self) -> None:
        # "auto": the caller's session, or else its user's graphical one (a
        # tray started by a user service belongs to no session itself).
        ask = QDBusMessage.createMethodCall(LOGIND, "/org/freedesktop/login1", f"{LOGIND}.Manager", "GetSession")
        ask.setArguments([os.environ.get("XDG_SESSION_ID") or "auto"])
        self._ask(ask, SLOT("_session_found(QDBusMessage)"))

    @Slot(QDBusMessage)
    def _session_found(self, reply: QDBusMessage) -> None:
        path = reply.arguments()[0].path()
        # The slot takes the whole message: PySide6 cannot hand a slot the
        # signal's a{sv} itself, so the changed hint is read afresh instead.
        if self.system_bus.connect(LOGIND, path, PROPERTIES, "PropertiesChanged", self,
                                   SLOT("_session_changed(QDBusMessage)")):
            self.session_path = path
            self.listening = True

    @Slot(QDBusMessage)
    def _session_changed(self, signal: QDBusMessage) -> None:
        arguments = signal.arguments()
        if not arguments or arguments[0] != SESSION or self.session_path is None:
            return
        read = QDBusMessage.createMethodCall(LOGIND, self.session_path, PROPERTIES, "Get")
        read.setArguments([SESSION, "LockedHint"])
        self._ask(read, SLOT("_hint_read(QDBusMessage)"))

    @Slot(QDBusMessage)
    def _hint_read(self, reply: QDBusMessage) -> None:
        value = reply.arguments()[0] if reply.arguments() else None
        value = value.variant() if hasattr(value, "variant") else value
        if isinstance(value, bool):
            self._active(value)

    @Slot(QDBusError, QDBusMessage)
    def _no_answer(self, error: QDBusError, call: QDBusMessage) -> None:
        pass  # no logind here (or no session of ours): the session bus's screen savers still count
