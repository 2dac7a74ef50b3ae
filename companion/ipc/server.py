"""The app's side: one Companion per user and data folder.

The tray app claims the name address.server_name() gives (on POSIX by its
running lock, before its icon shows) and listens there (just after). A second
start finds the lock held and hands over instead of adding a second icon;
`companion COMMAND` sends its requests there. A socket left behind by a
crash answers nobody, so it is removed and the new app listens in its place.
Only the user can connect.

One protocol (protocol.py), a transport per OS: on POSIX a unix socket served
with Python's socket module and a QSocketNotifier (unix.py), because
QtNetwork would add about 3 MB to a tray app that runs all day; on Windows a
named pipe through QLocalServer (pipe.py)."""

from __future__ import annotations

import os
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QObject, Signal

from .address import RunningLock, StartLock, server_name
from .protocol import ProtocolError, addressed, decode, encode, error, first_line, version_problem

Handler = Callable[[dict[str, Any]], dict[str, Any]]
# What a transport gets back for the bytes a client sent so far: None while
# the line is incomplete, else the answer to write and what to do once written.
Reply = tuple[bytes, Callable[[], None]]
# Answers kept by request id, so a client's retry is answered, not carried out twice.
REMEMBERED = 32


def _default_listener():
    if os.name == "nt":
        from .pipe import PipeListener

        return PipeListener
    from .unix import UnixListener

    return UnixListener


class InstanceServer(QObject):
    """Set `handler` (request dict -> answer dict) before requests arrive;
    `request_received` is emitted with each well-formed request and its answer."""

    request_received = Signal(dict, dict)

    def __init__(self, name: str | None = None, parent: QObject | None = None, listener=None) -> None:
        super().__init__(parent)
        self.name = name or server_name()
        self.handler: Handler | None = None
        self._answered: OrderedDict[str, bytes] = OrderedDict()
        # The listener gets only a weak way back to this server, so dropping the
        # server frees both at once instead of leaving a cycle for Python's garbage
        # collector, which would delete these Qt objects at some random later moment.
        server = weakref.ref(self)

        def reply_for(received: bytes) -> Reply | None:
            alive = server()
            return None if alive is None else alive.reply_for(received)

        # Made when the door opens: on POSIX its module brings Python's socket
        # module, which the start does not wait for (claim()).
        self._listener_kind, self._reply_for = listener, reply_for
        self.listener = None
        self.running = RunningLock(self.name)  # held from claim() to close()
        self.answered_by_another = False  # open() found another Companion answering at this name

    def claim(self) -> bool:
        """Take the name: True when this is the one Companion for this data
        folder now, False when another runs. On POSIX that is the running
        lock alone, so the tray icon need not wait for the socket (open(),
        just after it): a start or a script that comes in between finds the
        lock held and hands over or waits (client.send). On Windows the named
        pipe itself is the claim, so it listens at once."""
        if not self.claimed:
            with self._starting():
                if self.running.path is None:
                    self._listen_unless_answered()
                else:
                    self.running.take()
        return self.claimed

    @property
    def claimed(self) -> bool:
        """The name is ours: the running lock held, or (Windows) the pipe listening."""
        return self.is_listening() if self.running.path is None else self.running.fd is not None

    def open(self) -> bool:
        """Once claimed: listen for scripts and later starts. False when the
        socket cannot be made (error_text() says why: the app works on without
        it), or when a Companion from before the running lock answers at this
        name (answered_by_another: this one should hand over to it). False
        at once when the name was not claimed."""
        if self.is_listening() or not self.claimed:
            return self.is_listening()
        with self._starting():
            return self._listen_unless_answered()

    def listen(self) -> bool:
        """claim() and open() in one: True when we are the instance now and listen."""
        return self.claim() and self.open()

    def _listen_unless_answered(self) -> bool:
        from .client import someone_listens

        if someone_listens(self.name):
            self.answered_by_another = True
            self.running.release()
            return False
        if self.listener is None:
            self.listener = (self._listener_kind or _default_listener())(self.name, self._reply_for, self)
        return self.listener.listen()

    @contextmanager
    def _starting(self) -> Iterator[None]:
        # The lock makes "is anyone there? no: take the name" one step, so two
        # starts at the same moment cannot both remove and re-take the socket.
        if os.name == "nt":
            from PySide6.QtCore import QLockFile

            lock = QLockFile(self._lock_path())
        else:
            lock = StartLock(self._lock_path())
        locked = lock.tryLock(3000)
        try:
            yield
        finally:
            if locked:
                lock.unlock()

    def close(self) -> None:
        if self.listener is not None:
            self.listener.close()
        self.running.release()

    def is_listening(self) -> bool:
        return self.listener is not None and self.listener.is_listening()

    def error_text(self) -> str:
        if self.answered_by_another:
            return "another Companion answers at this name"
        return self.listener.error_text() if self.listener is not None else ""

    def _lock_path(self) -> str:
        if "/" in self.name or "\\" in self.name:
            return self.name + ".lock"
        from tempfile import gettempdir

        return f"{gettempdir()}/{self.name}.lock"

    # -- the protocol, whatever carries it ------------------------------------
    def reply_for(self, received: bytes) -> Reply | None:
        try:
            line = first_line(received)
            if line is None:
                return None
            request = decode(line)
        except ProtocolError as exc:
            return encode(error(str(exc))), _nothing
        request_id = request.get("id") if isinstance(request, dict) else None
        if isinstance(request_id, str) and request_id in self._answered:
            return self._answered[request_id], _nothing  # a retry: answered, not done again
        answer = self._handle(request)
        data = encode(addressed(answer, request))
        if not isinstance(request, dict):
            return data, _nothing
        if isinstance(request_id, str):
            self._answered[request_id] = data
            while len(self._answered) > REMEMBERED:
                self._answered.popitem(last=False)
        # Told only once the answer is on its way: a "quit" ends the loop next.
        return data, lambda: self.request_received.emit(request, answer)

    def _handle(self, request: Any) -> dict[str, Any]:
        problem = version_problem(request)
        if problem:
            return error(problem)
        if self.handler is None:
            return error("Companion is still starting; try again in a moment.")
        try:
            answer = self.handler(request)
        except Exception as exc:  # noqa: BLE001 - one bad request must not end the app
            return error(f"Companion could not do that: {exc}")
        return answer if isinstance(answer, dict) else error("No answer.")


def _nothing() -> None:
    pass
