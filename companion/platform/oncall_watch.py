"""When to ask whether a call is live. On Linux the sound server says when a
recording stream comes or goes (`pactl subscribe`), so Companion asks only
then and costs nothing while idle. With no sound server running it waits for
the server's socket to appear (the kernel's file watch: no polling), or where
it cannot know the socket (a network server) looks again once a minute.
Elsewhere it asks every few seconds."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

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
        self._socket_watch = None  # a QFileSystemWatcher while no sound server is up
        self._stopping = False

    @property
    def active(self) -> bool:
        return (self.timer.isActive() or self.waiting_for_server
                or (self.events is not None and self.events.state() != QProcess.NotRunning))

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
        if self._pactl is not None:  # a minute on, or its socket came: is there a sound server now?
            self.timer.stop()
            self._listen()
        self._poll()

    def stop(self) -> None:
        self._stopping = True
        self.timer.stop()
        self._end_socket_watch()
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
        # No server, or it went away: wait for its socket, or look again in a minute.
        if self._stopping or self.timer.isActive() or self.waiting_for_server:
            return
        socket = server_socket()
        if socket is None or socket.exists():  # a network server, or one there that would not talk
            self.timer.start(RETRY_MS)
            return
        from PySide6.QtCore import QFileSystemWatcher  # only on a machine with no sound server up

        self._socket_watch = QFileSystemWatcher(self)
        self._socket_watch.directoryChanged.connect(lambda _path: self._look_for_socket(socket))
        self._look_for_socket(socket)

    @property
    def waiting_for_server(self) -> bool:
        return self._socket_watch is not None

    def _look_for_socket(self, socket: Path) -> None:
        """The server's socket is there: listen. Not yet: watch the nearest
        folder on its way that exists (pulse/ itself is made by the server)."""
        if self._socket_watch is None:
            return
        if socket.exists():
            self._end_socket_watch()
            self._tick()
            return
        folder = next((f for f in socket.parents if f.is_dir()), None)
        watched = self._socket_watch.directories()
        if folder is not None and watched != [str(folder)]:
            if watched:
                self._socket_watch.removePaths(watched)
            self._socket_watch.addPath(str(folder))
            if socket.exists():  # came between the look and the watch
                self._look_for_socket(socket)

    def _end_socket_watch(self) -> None:
        if self._socket_watch is not None:
            self._socket_watch.deleteLater()
            self._socket_watch = None


def server_socket() -> Path | None:
    """Where a PulseAudio client (pactl, and pipewire-pulse's clients) finds
    the server: PULSE_SERVER's one local socket, else the runtime folder's
    pulse/native. None where that is a network address or not known."""
    named = os.environ.get("PULSE_SERVER", "").strip()
    if named:
        path = named.removeprefix("unix:")
        return Path(path) if path.startswith("/") and " " not in path else None
    runtime = os.environ.get("PULSE_RUNTIME_PATH")
    if runtime:
        return Path(runtime) / "native"
    xdg = os.environ.get("XDG_RUNTIME_DIR")
    return Path(xdg) / "pulse" / "native" if xdg else None
