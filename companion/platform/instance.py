"""One Companion per user and data folder.

The tray app listens on a local socket named by
companion.commands.remote.server_name(). A second start finds someone
answering there and hands over instead of adding a second icon;
`companion COMMAND` sends its requests there. A socket left behind by a
crash answers nobody, so it is removed and the new app listens in its place.
Only the user can connect.

One protocol (a line of JSON each way, see commands/remote.py), a transport
per OS: on POSIX a unix socket served with Python's socket module and a
QSocketNotifier (instance_unix.py), because QtNetwork would add about 3 MB
to a tray app that runs all day; on Windows a named pipe through
QLocalServer (instance_pipe.py)."""

from __future__ import annotations

import json
import os
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QLockFile, QObject, Signal

from companion.commands.remote import MAX_MESSAGE, server_name, someone_listens

Handler = Callable[[dict[str, Any]], dict[str, Any]]
# What a transport gets back for the bytes a client sent so far: None while
# the line is incomplete, else the answer to write and what to do once written.
Reply = tuple[bytes, Callable[[], None]]


def _default_listener():
    if os.name == "nt":
        from .instance_pipe import PipeListener

        return PipeListener
    from .instance_unix import UnixListener

    return UnixListener


class InstanceServer(QObject):
    """Set `handler` (request dict -> answer dict) before requests arrive;
    `request_received` is emitted with each well-formed request and its answer."""

    request_received = Signal(dict, dict)

    def __init__(self, name: str | None = None, parent: QObject | None = None, listener=None) -> None:
        super().__init__(parent)
        self.name = name or server_name()
        self.handler: Handler | None = None
        # The listener gets only a weak way back to this server, so dropping the
        # server frees both at once instead of leaving a cycle for Python's garbage
        # collector, which would delete these Qt objects at some random later moment.
        server = weakref.ref(self)

        def reply_for(received: bytes) -> Reply | None:
            alive = server()
            return None if alive is None else alive.reply_for(received)

        self.listener = (listener or _default_listener())(self.name, reply_for, self)

    def listen(self) -> bool:
        """True: we are the instance now. False: another one is running."""
        # The lock makes "is anyone there? no: take the name" one step, so two
        # starts at the same moment cannot both remove and re-take the socket.
        lock = QLockFile(self._lock_path())
        locked = lock.tryLock(3000)
        try:
            if someone_listens(self.name):
                return False
            return self.listener.listen()
        finally:
            if locked:
                lock.unlock()

    def close(self) -> None:
        self.listener.close()

    def is_listening(self) -> bool:
        return self.listener.is_listening()

    def error_text(self) -> str:
        return self.listener.error_text()

    def _lock_path(self) -> str:
        if "/" in self.name or "\\" in self.name:
            return self.name + ".lock"
        from tempfile import gettempdir

        return f"{gettempdir()}/{self.name}.lock"

    # -- the protocol, whatever carries it ------------------------------------
    def reply_for(self, received: bytes) -> Reply | None:
        if b"\n" not in received:
            if len(received) > MAX_MESSAGE:
                return _encode({"ok": False, "error": "That request is too long."}), _nothing
            return None
        line = received.split(b"\n", 1)[0]
        try:
            request = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return _encode({"ok": False, "error": "A request is one line of JSON."}), _nothing
        answer = self._handle(request)
        if not isinstance(request, dict):
            return _encode(answer), _nothing
        # Told only once the answer is on its way: a "quit" ends the loop next.
        return _encode(answer), lambda: self.request_received.emit(request, answer)

    def _handle(self, request: Any) -> dict[str, Any]:
        if self.handler is None:
            return {"ok": False, "error": "Companion is still starting; try again in a moment."}
        try:
            answer = self.handler(request)
        except Exception as exc:  # noqa: BLE001 - one bad request must not end the app
            return {"ok": False, "error": f"Companion could not do that: {exc}"}
        return answer if isinstance(answer, dict) else {"ok": False, "error": "No answer."}


def _encode(answer: dict[str, Any]) -> bytes:
    return (json.dumps(answer, ensure_ascii=True) + "\n").encode("ascii")


def _nothing() -> None:
    pass
