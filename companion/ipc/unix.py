"""The instance socket on POSIX: a unix socket at an absolute path, served
with Python's socket module and woken by QSocketNotifier, so the tray app
needs QtCore only (see server.py for why).

Nothing here ever waits on a client: every socket is non-blocking and read or
written only when the event loop says it is ready, so a client that trickles
a byte a second, or a pile of silent connections, costs the tray nothing.
Each connection has READ_TIMEOUT_S to say its line and take its answer; one
deadline timer, armed only while connections are open, lets the late go."""

from __future__ import annotations

import os
import socket
import time
import weakref
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier, QTimer

# How long a client may take to send its line and read the answer.
READ_TIMEOUT_S = 1.0
# Open connections beyond this are not a softphone script: the oldest go first.
MAX_CONNECTIONS = 32


class _Connection:
    """One client: what it sent so far, and the answer still to write."""

    def __init__(self, sock: socket.socket, notifier: QSocketNotifier) -> None:
        self.sock, self.notifier = sock, notifier
        self.deadline = time.monotonic() + READ_TIMEOUT_S
        self.received = bytearray()
        self.outgoing = b""
        self.then: Callable[[], None] | None = None


class UnixListener:
    def __init__(self, path: str, reply_for: Callable, parent: QObject) -> None:
        self.path, self.reply_for = path, reply_for
        self.parent = weakref.ref(parent)  # the parent owns this listener: no cycle
        self.sock: socket.socket | None = None
        self.notifier: QSocketNotifier | None = None
        self.connections: dict[int, _Connection] = {}
        self.deadline = QTimer(parent)
        self.deadline.setObjectName("instance_socket_deadline")
        self.deadline.setSingleShot(True)
        self.deadline.timeout.connect(self._let_late_ones_go)
        self.error = ""

    def listen(self) -> bool:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        # Created 0600 from the start: no moment where someone else could connect.
        old_mask = os.umask(0o177)
        try:
            try:
                os.unlink(self.path)  # what a crash left behind: InstanceServer found nobody listening
            except FileNotFoundError:
                pass
            sock.bind(self.path)
            sock.listen(64)
        except OSError as exc:
            sock.close()
            self.error = exc.strerror or str(exc)
            return False
        finally:
            os.umask(old_mask)
        sock.setblocking(False)
        self.sock = sock
        self.notifier = QSocketNotifier(sock.fileno(), QSocketNotifier.Type.Read, self.parent())
        self.notifier.activated.connect(self._accept)
        return True

    def is_listening(self) -> bool:
        return self.sock is not None

    def error_text(self) -> str:
        return self.error

    def close(self) -> None:
        for fd in list(self.connections):
            self._drop(fd)
        self.deadline.stop()
        if self.sock is None:
            return
        _retire(self.notifier)
        self.sock.close()
        self.sock = self.notifier = None
        try:
            os.unlink(self.path)
        except OSError:
            pass

    # -- connections ----------------------------------------------------------------
    def _accept(self) -> None:
        while self.sock is not None:
            try:
                conn, _ = self.sock.accept()
            except (BlockingIOError, InterruptedError):
                break
            except OSError as exc:
                self.error = exc.strerror or str(exc)
                break
            conn.setblocking(False)
            fd = conn.fileno()
            self.connections[fd] = _Connection(conn, self._notifier(fd, QSocketNotifier.Type.Read))
            if len(self.connections) > MAX_CONNECTIONS:
                self._drop(next(iter(self.connections)))
            # A client writes its line as it connects: it is often already here.
            if fd in self.connections:
                self._read(fd)
        self._arm_deadline()

    def _notifier(self, fd: int, kind: QSocketNotifier.Type) -> QSocketNotifier:
        notifier = QSocketNotifier(fd, kind, self.parent())
        # Disconnected when retired, so this closure does not outlive the connection.
        notifier.activated.connect(lambda *_: self._on_ready(fd))
        return notifier

    def _on_ready(self, fd: int) -> None:
        connection = self.connections.get(fd)
        if connection is None:
            return
        if connection.then is None:
            self._read(fd)
        else:
            self._write(fd)
        self._arm_deadline()

    def _read(self, fd: int) -> None:
        connection = self.connections[fd]
        try:
            while True:
                chunk = connection.sock.recv(65536)
                if not chunk:
                    self._drop(fd)  # gone before finishing its line
                    return
                connection.received += chunk
                reply = self.reply_for(bytes(connection.received))
                if reply is not None:
                    connection.outgoing, connection.then = reply
                    _retire(connection.notifier)
                    connection.notifier = self._notifier(fd, QSocketNotifier.Type.Write)
                    self._write(fd)
                    return
        except (BlockingIOError, InterruptedError):
            return  # the rest comes later
        except OSError:
            self._drop(fd)

    def _write(self, fd: int) -> None:
        connection = self.connections[fd]
        try:
            while connection.outgoing:
                sent = connection.sock.send(connection.outgoing)
                connection.outgoing = connection.outgoing[sent:]
        except (BlockingIOError, InterruptedError):
            return  # the client reads slowly; the notifier says when it can take more
        except OSError:
            pass  # gone: a request already carried out stays done
        then = connection.then
        self._drop(fd)
        if then is not None:
            then()

    def _drop(self, fd: int) -> None:
        connection = self.connections.pop(fd, None)
        if connection is None:
            return
        # The notifier goes before its socket: one left on a closed descriptor
        # could fire for whatever file gets that number next.
        _retire(connection.notifier)
        connection.sock.close()

    def _let_late_ones_go(self) -> None:
        now = time.monotonic()
        for fd in [fd for fd, c in self.connections.items() if c.deadline <= now]:
            self._drop(fd)
        self._arm_deadline()

    def _arm_deadline(self) -> None:
        if not self.connections:
            self.deadline.stop()  # idle: no timer at all
            return
        soonest = min(c.deadline for c in self.connections.values())
        self.deadline.start(max(0, int((soonest - time.monotonic()) * 1000) + 1))


def _retire(notifier: QSocketNotifier | None) -> None:
    if notifier is None:
        return
    notifier.setEnabled(False)
    notifier.activated.disconnect()
    notifier.deleteLater()
