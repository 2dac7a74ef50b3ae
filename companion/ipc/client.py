"""The command line's side: ask the running app, read its answer.

On POSIX both sides use Python's own `socket` module: no Qt import here, so
`companion log` from a softphone hook stays fast. On Windows the app listens
on a named pipe with QLocalServer, and we use Qt's QLocalSocket (QtNetwork
only) to reach it."""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from .address import RunningLock, held_by_someone, server_name
from .protocol import MAX_MESSAGE, ProtocolError, decode, encode, stamped


def send(request: dict[str, Any], timeout_ms: int = 2000, name: str | None = None) -> dict[str, Any] | None:
    """The running app's answer, or None when no app is running (the caller
    then works on the data directly). A running app that does not answer in
    time gives {"ok": False, "error": ...}, never None, so nothing acts on
    the data behind its back. `name` reaches an app whose folders are not
    this process's (the benchmark's measured app)."""
    request = stamped(request)
    line = encode(request)
    try:
        name = name or server_name()
    except OSError:
        return None
    raw = _exchange(name, line, timeout_ms)
    if raw is None and held_by_someone(name):
        raw = _exchange_once_open(name, line, timeout_ms)
    if raw is None:
        if held_by_someone(name):
            # Running, but its socket took no connection (backlog full): nothing was sent.
            return {"ok": False, "error": "Companion is running but too busy to take the request right now; "
                                          "nothing was done. Try again in a moment."}
        return None
    if raw == b"":
        # Sent, but no answer in time: ask once more under the same id. The app
        # answers a request it has carried out from memory and never does it twice.
        raw = _exchange(name, line, timeout_ms)
    if not raw:
        return {"ok": False, "unsure": True,
                "error": f"Companion is running but did not answer within {timeout_ms / 1000:g} s, so it is "
                         "not known whether this was done."}
    try:
        reply = decode(raw)
    except ProtocolError:
        reply = None
    # An answer to another request (or none at all) is not this one's answer.
    if not isinstance(reply, dict) or reply.get("id", request["id"]) != request["id"]:
        return {"ok": False, "error": "Companion is running but its answer could not be understood."}
    return reply


# How long a request waits for a running app to open its socket: it takes its
# lock before its tray icon shows and opens the socket just after (companion/start.py).
OPENING_WAIT_S = 1.0


def _exchange_once_open(name: str, line: bytes, timeout_ms: int) -> bytes | None:
    """The exchange with an app that holds the running lock but had no socket
    to connect to: one that is starting, or one whose backlog was full. Asked
    again for a moment; None if it still takes no connection."""
    import time

    deadline = time.monotonic() + OPENING_WAIT_S
    raw = None
    while raw is None and time.monotonic() < deadline:
        time.sleep(0.01)
        raw = _exchange(name, line, timeout_ms)
    return raw


def _exchange(name: str, line: bytes, timeout_ms: int) -> bytes | None:
    if os.name == "nt":
        return _exchange_qt(name, line, timeout_ms)
    return _exchange_unix(name, line, timeout_ms)


# Exit status when the app may or may not have done what was asked.
UNSURE = 3


def refusal(answer: dict[str, Any], command: str, not_done: str = "") -> int:
    """Say why the running app did not do it, truthfully, on stderr; the exit
    status: 1 when it was not done, UNSURE when nobody can tell."""
    if answer.get("unsure"):
        print(f"companion {command}: {answer.get('error')} 'companion status' shows what it knows now; "
              "look there before trying again.", file=sys.stderr)
        return UNSURE
    print(f"companion {command}: {' '.join(filter(None, [answer.get('error'), not_done]))}", file=sys.stderr)
    return 1


def hand_over(request: dict[str, Any], command: str) -> int | None:
    """For commands that ask the running app to open one of its windows: the
    exit status once the app took the request (0) or refused it (1, with its
    sentence on stderr); None when no app runs and the command works alone."""
    answer = send(request)
    if answer is None:
        return None
    if not answer.get("ok"):
        return refusal(answer, command)
    return 0


def _exchange_unix(path: str, line: bytes, timeout_ms: int) -> bytes | None:
    """None: nobody listens (no socket, or a stale one after a crash).
    b"": somebody listens but did not answer in time."""
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    client.settimeout(timeout_ms / 1000)
    try:
        try:
            client.connect(path)
        except OSError:
            # No socket file, or a stale one after a crash (connection refused).
            return None
        try:
            client.sendall(line)
            return _read_line(client)
        except (TimeoutError, OSError):
            return b""
    finally:
        client.close()


def _read_line(client: socket.socket) -> bytes:
    received = bytearray()
    while b"\n" not in received and len(received) < MAX_MESSAGE:
        chunk = client.recv(65536)
        if not chunk:
            break
        received += chunk
    return bytes(received).split(b"\n", 1)[0]


def _exchange_qt(name: str, line: bytes, timeout_ms: int) -> bytes | None:
    from PySide6.QtNetwork import QLocalSocket

    client = QLocalSocket()
    client.connectToServer(name)
    if not client.waitForConnected(min(timeout_ms, 1000)):
        return None
    client.write(line)
    client.waitForBytesWritten(timeout_ms)
    received = bytearray()
    while b"\n" not in received and len(received) < MAX_MESSAGE:
        if not client.waitForReadyRead(timeout_ms):
            break
        received += bytes(client.readAll())
    client.disconnectFromServer()
    return bytes(received).split(b"\n", 1)[0]


def is_running() -> bool:
    """An app holds the running lock, or listens on the instance socket
    (asked without sending it anything)."""
    try:
        name = server_name()
    except OSError:
        return False
    return held_by_someone(name) or someone_listens(name)


def someone_listens(name: str, timeout_s: float = 0.5) -> bool:
    """A connection to `name` is taken; a stale socket left by a crash is not."""
    if os.name == "nt":
        from PySide6.QtNetwork import QLocalSocket

        probe = QLocalSocket()
        probe.connectToServer(name)
        connected = probe.waitForConnected(int(timeout_s * 1000))
        probe.abort()
        return connected
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    probe.settimeout(timeout_s)
    try:
        probe.connect(name)
        return True
    except OSError:
        return False
    finally:
        probe.close()


def wait_until_gone(timeout_s: float = 5.0) -> bool:
    """After a quit request: True once the app has stopped listening."""
    import time

    deadline = time.monotonic() + timeout_s
    while is_running():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@contextmanager
def app_kept_out() -> Iterator[bool]:
    """For commands that replace or delete the data file: True while this
    process holds the running app's lock (no app runs, and none can start
    until the block ends); False when an app runs."""
    try:
        name = server_name()
    except OSError:
        yield True
        return
    with RunningLock(name) as lock:
        yield lock.take() and not someone_listens(name)


def without_the_app(command: str, not_done: str) -> Callable[[Callable[[Any], int]], Callable[[Any], int]]:
    """A command's run() that must work alone on the data: refused with a
    plain sentence while an app runs, and holding the lock to the end, so no
    tray app can start and write into the file meanwhile."""
    def wrap(work: Callable[[Any], int]) -> Callable[[Any], int]:
        def run(args: Any) -> int:
            with app_kept_out() as alone:
                if not alone:
                    print(f"companion {command}: Companion is running. Close it first with 'companion quit', "
                          f"then run this again. {not_done}", file=sys.stderr)
                    return 1
                return work(args)
        return run
    return wrap
