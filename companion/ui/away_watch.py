"""Noticing breaks the agent already took: reads the desktop's idle time when
the service says it is worth it (no faster than once a minute while away,
and not at all when the setting is off), and passes the screen's locks and
unlocks on. The rules are the service's (core/away.py); this only times."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication

from companion.platform.timers import named_timer
from companion.ui import qt_app

LOCK_WATCH_DELAY_MS = 5000


class AwayWatch(QObject):
    def __init__(self, service, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.idle_clock = None
        self.lock_watch = None
        self.timer = named_timer(self, "away_timer", self.look)
        # The desktop bus (QtDBus, a connection) is not needed for the first
        # seconds of a start: it comes a moment after the app has settled.
        self.lock_timer = named_timer(self, "lock_watch_timer", self.watch_locks, LOCK_WATCH_DELAY_MS)

    def apply(self, idle_clock=None) -> None:
        """Start watching the idle time (`idle_clock`: this desktop's unless
        given) now, and the screen's locks a moment later."""
        if self.idle_clock is None:
            from companion.platform.idle_time import idle_clock as desktop_idle

            self.idle_clock = idle_clock or desktop_idle(QGuiApplication.platformName())
        self.look()
        if self.lock_watch is None:
            self.lock_timer.start()

    def watch_locks(self, bus=None) -> None:
        """Listen for the screen locking and unlocking (`bus`: the session bus unless given)."""
        if self.lock_watch is None:
            from companion.platform.lock_watch import LockWatch

            self.lock_watch = LockWatch(bus, parent=self)
            self.lock_watch.changed.connect(self._lock_changed)
            # The last piece the start puts off: the benchmark's idle window opens after it.
            qt_app.mark_ready("locks-watched")

    def look(self) -> None:
        idle = self.idle_clock() if self.idle_clock is not None else None
        wait = self.service.idle_seen(idle) if idle is not None else None
        if wait is None:
            self.timer.stop()
        else:
            self.timer.start(int(wait * 1000))

    def _lock_changed(self, locked: bool) -> None:
        self.service.lock_changed(locked)
        self.look()  # locked: stop reading; unlocked: read again from now

    def stop(self) -> None:
        self.timer.stop()
        self.lock_timer.stop()
