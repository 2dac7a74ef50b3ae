"""Hearing a tray host arrive after Companion started without one (a panel
started late, a tray extension switched on), so the icon can go there and
the no-tray window away. Signals only, nothing polls:

- X11 (XEmbed trays such as trayer, xfce4-panel, stalonetray): a tray takes
  the _NET_SYSTEM_TRAY_S<screen> selection and announces it with a MANAGER
  client message on the root window (the freedesktop system tray spec),
  heard on Companion's own X connection.
- StatusNotifierItem hosts (KDE, GNOME's AppIndicator extension, waybar):
  the org.kde.StatusNotifierWatcher name appearing on the session bus."""

from __future__ import annotations

import ctypes
import os

from PySide6.QtCore import QObject, QSocketNotifier, Signal

from .xlib import CLIENT_MESSAGE, STRUCTURE_NOTIFY_MASK, Event, open_display

WATCHER = "org.kde.StatusNotifierWatcher"


class TrayHostWatch(QObject):
    appeared = Signal()

    def __init__(self, display_name: str | None = None, bus=None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._x = self._display = None
        display_name = display_name if display_name is not None else os.environ.get("DISPLAY", "")
        if display_name:
            self._watch_x(display_name)
        self._watch_bus(bus)

    def _watch_x(self, display_name: str) -> None:
        try:
            self._x, self._display = open_display(display_name)
        except OSError:
            return
        x = self._x
        screen = x.XDefaultScreen(self._display)
        self._manager = x.XInternAtom(self._display, b"MANAGER", 0)
        self._selection = x.XInternAtom(self._display, f"_NET_SYSTEM_TRAY_S{screen}".encode(), 0)
        x.XSelectInput(self._display, x.XDefaultRootWindow(self._display), STRUCTURE_NOTIFY_MASK)
        x.XFlush(self._display)
        self._notifier = QSocketNotifier(x.XConnectionNumber(self._display), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._read_x)

    def _read_x(self) -> None:
        event = Event()
        while self._display and self._x.XPending(self._display):
            self._x.XNextEvent(self._display, ctypes.byref(event))
            message = event.xclient
            if (event.type == CLIENT_MESSAGE and message.message_type == self._manager
                    and message.data[1] & 0xFFFFFFFF == self._selection):
                self.appeared.emit()

    def _watch_bus(self, bus) -> None:
        from PySide6.QtDBus import QDBusConnection, QDBusServiceWatcher

        bus = bus if bus is not None else QDBusConnection.sessionBus()
        if not bus.isConnected():
            return
        self._service_watch = QDBusServiceWatcher(WATCHER, bus, QDBusServiceWatcher.WatchModeFlag.WatchForRegistration,
                                                  self)
        self._service_watch.serviceRegistered.connect(lambda _name: self.appeared.emit())

    def close(self) -> None:
        if self._display:
            self._notifier.setEnabled(False)
            self._x.XCloseDisplay(self._display)
            self._display = None
