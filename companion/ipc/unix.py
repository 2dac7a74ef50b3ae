"""The instance socket on POSIX: a unix socket at an absolute path, served
with Python's socket module and woken by QSocketNotifier, so the tray app
needs QtCore only (see server.py for why)."""

from __future__ import annotations

import os
import socket
import weakref
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier

# How long a client may take to send its line or read the answer.
READ_TIMEOUT_S = 1.0


class UnixListener:
    def __init__(self, path: str, reply_for: Callable, parent: QObject) -> None:
        self.path, self.reply_for = path, reply_for
        self.parent = weakref.ref(parent)  # the parent owns this listener: no cycle
        self.sock: socket.socket | None = None
        self.notifier: QSocketNotifier | None = None
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
            sock.listen(16)
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
        if self.sock is None:
            return
        self.notifier.setEnabled(False)
        self.notifier.activated.disconnect(self._accept)
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
            self._serve(conn)

    def _serve(self, conn: socket.socket) -> None:
        # A client writes its one line as soon as it connects (ipc/client.py),
        # so it is read here and now: no per-connection notifier objects to outlive
        # their socket. One that connects and says nothing is let go after READ_TIMEOUT_S.
        reply = None
        try:
            conn.settimeout(READ_TIMEOUT_S)
            received = bytearray()
            while reply is None:
                chunk = conn.recv(65536)
                if not chunk:
                    return  # gone before finishing its line
                received += chunk
                reply = self.reply_for(bytes(received))
            data, then = reply
            conn.sendall(data)
        except OSError:
            pass  # timed out or gone; a request already carried out stays done
        finally:
            conn.close()
        if reply is not None:
            reply[1]()
