"""The instance socket on POSIX: a unix socket at an absolute path, served
with Python's socket module and woken by QSocketNotifier, so the tray app
needs QtCore only (see instance.py for why)."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier

# A client gets this long to read an answer before the app moves on.
SEND_TIMEOUT_S = 1.0
PROBE_TIMEOUT_S = 0.5


class UnixListener:
    def __init__(self, path: str, reply_for: Callable, parent: QObject) -> None:
        self.path, self.reply_for, self.parent = path, reply_for, parent
        self.sock: socket.socket | None = None
        self.notifier: QSocketNotifier | None = None
        self.error = ""
        self.connections: set[_Connection] = set()

    def someone_answers(self) -> bool:
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        probe.settimeout(PROBE_TIMEOUT_S)
        try:
            probe.connect(self.path)
            return True
        except OSError:
            return False  # no socket, or a stale one after a crash
        finally:
            probe.close()

    def listen(self) -> bool:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        # Created 0600 from the start: no moment where someone else could connect.
        old_mask = os.umask(0o177)
        try:
            try:
                os.unlink(self.path)  # what a crash left behind; someone_answers said nobody is there
            except FileNotFoundError:
                pass
            sock.bind(self.path)
            sock.listen(16)
        except OSError as exc:
            sock.close()
            self.error = exc.strerror or str(exc)
            return False
        finally:
            os.umask(old_mask)
        sock.setblocking(False)
        self.sock = sock
        self.notifier = QSocketNotifier(sock.fileno(), QSocketNotifier.Type.Read, self.parent)
        self.notifier.activated.connect(self._accept)
        return True

    def is_listening(self) -> bool:
        return self.sock is not None

    def error_text(self) -> str:
        return self.error

    def close(self) -> None:
        if self.sock is None:
            return
        for connection in list(self.connections):
            connection.close()
        self.notifier.setEnabled(False)
        self.notifier.deleteLater()
        self.sock.close()
        self.sock = self.notifier = None
        try:
            os.unlink(self.path)
        except OSError:
            pass

    def _accept(self) -> None:
        while self.sock is not None:
            try:
                conn, _ = self.sock.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:
                self.error = exc.strerror or str(exc)
                return
            _Connection(conn, self)


class _Connection:
    def __init__(self, conn: socket.socket, listener: UnixListener) -> None:
        self.conn, self.listener = conn, listener
        self.received = bytearray()
        conn.setblocking(False)
        listener.connections.add(self)
        self.notifier = QSocketNotifier(conn.fileno(), QSocketNotifier.Type.Read, listener.parent)
        self.notifier.activated.connect(self._read)
        self._read()  # the request may already be waiting

    def _read(self) -> None:
        ended = False
        while True:
            try:
                chunk = self.conn.recv(65536)
            except (BlockingIOError, InterruptedError):
                break
            except OSError:
                ended = True
                break
            if not chunk:
                ended = True
                break
            self.received += chunk
        reply = self.listener.reply_for(bytes(self.received))
        if reply is not None:
            data, then = reply
            self._send(data)
            self.close()
            then()
        elif ended:
            self.close()

    def _send(self, data: bytes) -> None:
        try:
            self.conn.settimeout(SEND_TIMEOUT_S)
            self.conn.sendall(data)
        except OSError:
            pass  # the client gave up; the request itself was carried out

    def close(self) -> None:
        if self not in self.listener.connections:
            return
        self.listener.connections.discard(self)
        self.notifier.setEnabled(False)
        self.notifier.deleteLater()
        self.conn.close()
