"""One Companion per user and data folder.

The tray app listens on a local socket (a unix socket on POSIX, a named pipe
on Windows) named by companion.commands.remote.server_name(). A second start
finds someone answering there and hands over instead of adding a second
icon; `companion COMMAND` sends its requests there. A socket left behind by
a crash answers nobody, so it is removed and the new app listens in its
place. Only the user can connect (UserAccessOption; the folder is 0700 too)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from companion.commands.remote import MAX_MESSAGE, server_name

Handler = Callable[[dict[str, Any]], dict[str, Any]]


class InstanceServer(QObject):
    """Set `handler` (request dict -> answer dict) before requests arrive;
    `request_received` is emitted with each well-formed request and its answer."""

    request_received = Signal(dict, dict)

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or server_name()
        self.handler: Handler | None = None
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        """True: we are the instance now. False: another one is running."""
        # The lock makes "is anyone there? no: take the name" one step, so two
        # starts at the same moment cannot both remove and re-take the socket.
        lock = QLockFile(self._lock_path())
        locked = lock.tryLock(3000)
        try:
            if someone_answers(self.name):
                return False
            QLocalServer.removeServer(self.name)  # a stale socket from a crash
            return self.server.listen(self.name)
        finally:
            if locked:
                lock.unlock()

    def close(self) -> None:
        self.server.close()

    def is_listening(self) -> bool:
        return self.server.isListening()

    def _lock_path(self) -> str:
        if "/" in self.name or "\\" in self.name:
            return self.name + ".lock"
        from tempfile import gettempdir

        return f"{gettempdir()}/{self.name}.lock"

    # -- serving ----------------------------------------------------------
    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            connection = self.server.nextPendingConnection()
            buffer = bytearray()
            connection.readyRead.connect(lambda c=connection, b=buffer: self._read(c, b))
            connection.disconnected.connect(connection.deleteLater)
            self._read(connection, buffer)

    def _read(self, connection: QLocalSocket, buffer: bytearray) -> None:
        if connection.property("answered"):
            return
        buffer += bytes(connection.readAll())
        if b"\n" not in buffer:
            if len(buffer) > MAX_MESSAGE:
                self._answer(connection, {"ok": False, "error": "That request is too long."})
            return
        line = bytes(buffer).split(b"\n", 1)[0]
        try:
            request = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            self._answer(connection, {"ok": False, "error": "A request is one line of JSON."})
            return
        answer = self._handle(request)
        self._answer(connection, answer)
        if isinstance(request, dict):
            self.request_received.emit(request, answer)

    def _handle(self, request: Any) -> dict[str, Any]:
        if self.handler is None:
            return {"ok": False, "error": "Companion is still starting; try again in a moment."}
        try:
            answer = self.handler(request)
        except Exception as exc:  # noqa: BLE001 - one bad request must not end the app
            return {"ok": False, "error": f"Companion could not do that: {exc}"}
        return answer if isinstance(answer, dict) else {"ok": False, "error": "No answer."}

    def _answer(self, connection: QLocalSocket, answer: dict[str, Any]) -> None:
        connection.setProperty("answered", True)
        connection.write((json.dumps(answer, ensure_ascii=True) + "\n").encode("ascii"))
        # Written out now: a "quit" request ends the event loop right after this.
        connection.flush()
        if connection.bytesToWrite():
            connection.waitForBytesWritten(1000)
        connection.disconnectFromServer()


def someone_answers(name: str, timeout_ms: int = 500) -> bool:
    probe = QLocalSocket()
    probe.connectToServer(name)
    connected = probe.waitForConnected(timeout_ms)
    if connected:
        probe.abort()
    return connected
