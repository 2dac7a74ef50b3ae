"""Whether the screen is locked, as the desktop announces it: the
ActiveChanged signal of org.freedesktop.ScreenSaver (KDE, Xfce and others)
and of org.gnome.ScreenSaver (GNOME), on the session bus. Signals only,
nothing polls. Where no such service runs, nothing is ever announced, and
time away still counts through the idle time (idle_time.py)."""

from __future__ import annotations

from PySide6.QtCore import SLOT, QObject, Signal, Slot
from PySide6.QtDBus import QDBusConnection

SCREEN_SAVERS = (
    ("/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("/ScreenSaver", "org.freedesktop.ScreenSaver"),  # KDE's older path
    ("/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
)


class LockWatch(QObject):
    changed = Signal(bool)  # True when the screen locked, False when it unlocked

    def __init__(self, bus: QDBusConnection | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bus = bus if bus is not None else QDBusConnection.sessionBus()
        self.listening = self.bus.isConnected() and any([
            # From any sender: the screen saver's well-known name is not always the one that emits.
            self.bus.connect("", path, interface, "ActiveChanged", self, SLOT("_active(bool)"))
            for path, interface in SCREEN_SAVERS])
        self._locked: bool | None = None

    @Slot(bool)
    def _active(self, locked: bool) -> None:
        if locked != self._locked:  # two screen savers may both say it
            self._locked = locked
            self.changed.emit(locked)
