"""The instance socket through QLocalServer: a named pipe on Windows, where
Python's socket module has no local sockets to offer. (It works on POSIX as
well, which is how the tests run it on Linux.)"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket


class PipeListener:
    def __init__(self, name: str, reply_for: Callable, parent: QObject) -> None:
        self.name, self.reply_for = name, reply_for
        self.server = QLocalServer(parent)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        QLocalServer.removeServer(self.name)  # a stale socket from a crash
        return self.server.listen(self.name)

    def is_listening(self) -> bool:
        return self.server.isListening()

    def error_text(self) -> str:
        return self.server.errorString()

    def close(self) -> None:
        self.server.close()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            connection = self.server.nextPendingConnection()
            received = bytearray()
            connection.readyRead.connect(lambda c=connection, b=received: self._read(c, b))
            connection.disconnected.connect(connection.deleteLater)
            self._read(connection, received)

    def _read(self, connection: QLocalSocket, received: bytearray) -> None:
        if connection.property("answered"):
            return
        received += bytes(connection.readAll())
        reply = self.reply_for(bytes(received))
        if reply is None:
            return
        data, then = reply
        connection.setProperty("answered", True)
        connection.write(data)
        # Written out now: a "quit" request ends the event loop right after this.
        connection.flush()
        if connection.bytesToWrite():
            connection.waitForBytesWritten(1000)
        connection.disconnectFromServer()
        then()
