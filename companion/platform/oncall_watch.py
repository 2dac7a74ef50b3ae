"""When to ask whether a call is live. On Linux the sound server says when a
recording stream comes or goes (`pactl subscribe`), so Companion asks only
then and costs nothing while idle; with no sound server running it looks
again once a minute for one to appear. Elsewhere it asks every few seconds."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable

from PySide6.QtCore import QObject, QProcess

from .timers import named_timer

# Events about these change whether a microphone is in use. A source's own
# change counts too: PulseAudio 17 announces a new recording stream before it
# starts running, and the source changing state is the next word it says.
RELEVANT = (b"on source", b"server")
# With no sound server, nothing can record through it: look for one now and then.
RETRY_MS = 60_000
# `pactl subscribe` runs under this small shell, which holds the read end of a
# pipe from the app (its stdin). However the app ends - quit, SIGKILL, SIGHUP,
# a crash - the pipe reaches end of file and the shell ends pactl, so no
# helper outlives the app (pactl itself would notice only at the next event).
# When pactl ends by itself (no server), the shell ends too and the app is told.
WATCHED = """
exec 3<&0
"$0" subscribe </dev/null &
pactl=$!
(read -r _ <&3; kill "$pactl" 2>/dev/null) &
reader=$!
wait "$pactl"
status=$?
kill "$reader" 2>/dev/null
exit "$status"
"""


class PresenceWatch(QObject):
    def __init__(self, poll: Callable[[], None], poll_interval: float, parent: QObject | None = None,
                 platform: str | None = None) -> None:
        super().__init__(parent)
        self._poll = poll
        self.platform = platform or sys.platform
        self.timer = named_timer(self, "call_timer", self._tick, single_shot=False)
        self._poll_ms = int(poll_interval * 1000)
        self.events: QProcess | None = None
        self._pactl = shutil.which("pactl") if self.platform.startswith("linux") else None
        self._stopping = False

    @property
    def active(self) -> bool:
        return self.timer.isActive() or (self.events is not None and self.events.state() != QProcess.NotRunning)

    @property
    def listening(self) -> bool:
        """True while the sound server's events drive the checks (no polling)."""
        return self.events is not None and self.events.state() != QProcess.NotRunning

    def start(self) -> None:
        if self.active:
            return
        self._stopping = False
        if self._pactl is None:
            self.timer.start(self._poll_ms)
        else:
            self._listen()
        self._poll()  # the state right now, before any event

    def _listen(self) -> None:
        self.events = QProcess(self)
        self.events.setProgram("/bin/sh")
        self.events.setArguments(["-c", WATCHED, self._pactl])
        self.events.readyReadStandardOutput.connect(self._on_events)
        self.events.finished.connect(self._on_events_stopped)
        self.events.errorOccurred.connect(self._on_events_error)
        self.events.start()

    def _tick(self) -> None:
        if self._pactl is not None:  # a minute on: is there a sound server now?
            self.timer.stop()
            self._listen()
        self._poll()

    def stop(self) -> None:
        self._stopping = True
        self.timer.stop()
        if self.events is not None:
            # End of file on the shell's stdin ends pactl and then the shell;
            # killing the shell alone would leave pactl behind.
            self.events.closeWriteChannel()
            if not self.events.waitForFinished(1000):
                self.events.kill()
                self.events.waitForFinished(1000)
            self.events = None

    def _on_events(self) -> None:
        lines = bytes(self.events.readAllStandardOutput()).splitlines()
        if any(word in line for line in lines for word in RELEVANT):
            self._poll()

    def _on_events_error(self, error) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._on_events_stopped()

    def _on_events_stopped(self, *_args) -> None:
        if self.events is not None:
            self.events.deleteLater()
            self.events = None
        self._fall_back()

    def _fall_back(self) -> None:
        # No server, or it went away: look again in a minute.
        if not self._stopping and not self.timer.isActive():
            self.timer.start(RETRY_MS)
