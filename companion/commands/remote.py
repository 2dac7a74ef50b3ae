"""The conversation between `companion COMMAND` and a running tray app.

Transport: the tray app listens (platform/instance.py) on a name this module
computes. On POSIX that name is the absolute path of a unix socket, and both
sides use Python's own `socket` module: no Qt import here, so `companion log`
from a softphone hook stays fast. On Windows the app listens on a named pipe
with QLocalServer, and we use Qt's QLocalSocket (QtNetwork only) to reach it.

Where: `$XDG_RUNTIME_DIR/companion/` when that is set, otherwise a private
`companion-<uid>` folder in the temporary directory; both are 0700 (if that
name in a shared /tmp belongs to someone else, the private data folder is
used instead). The file name carries a checksum of the data folder, so each data
folder (each test, each user) has its own instance and they never answer
for each other.

Protocol: one JSON object per line each way. The client sends
{"cmd": ...}, the app answers {"ok": true, ...} or {"ok": false, "error":
"a sentence for the person"} and closes the connection."""

from __future__ import annotations

import json
import os
import socket
import sys
import tempfile
import zlib
from pathlib import Path
from typing import Any

# Store meta key holding when paused nudges come back (core.clock.to_text).
NUDGES_PAUSED_KEY = "nudges_paused_until"
PAUSE_MIN, PAUSE_MAX = 1, 720
BREATHE_MIN, BREATHE_MAX = 30, 600
# Big enough for a 10,000-character note in the worst JSON escaping.
MAX_MESSAGE = 256 * 1024
MAX_SOCKET_PATH = 100


# -- where the running app listens ------------------------------------------
def server_name() -> str:
    from companion.core.paths import data_dir

    folder = data_dir()
    digest = _checksum(str(folder.resolve()))
    if os.name == "nt":
        return f"companion-{_user_tag()}-{digest}"
    runtime = _runtime_dir()
    if runtime is None:
        # No private folder to be had in the usual places: the data folder is private too.
        return str(folder / "instance.sock")
    path = str(runtime / f"instance-{digest}.sock")
    if len(path.encode()) > MAX_SOCKET_PATH:
        # Unix socket paths are limited to about 108 bytes; a deep runtime
        # folder falls back to the short private one in the temp folder.
        short = _runtime_dir(use_xdg=False)
        path = str((short or folder) / f"{digest}.sock")
    return path


def _user_tag() -> str:
    if hasattr(os, "getuid"):
        return str(os.getuid())
    name = os.environ.get("USERNAME", "") + os.environ.get("USERDOMAIN", "")
    return _checksum(name)[:8]


def _checksum(text: str) -> str:
    # Only tells folders apart, nothing secret: zlib's checksums are enough, and
    # hashlib would load OpenSSL (about 3.5 MB) into the tray app.
    data = text.encode("utf-8")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data) & 0xFFFF:04x}"


def _runtime_dir(use_xdg: bool = True) -> Path | None:
    runtime = os.environ.get("XDG_RUNTIME_DIR") if use_xdg else None
    if runtime and Path(runtime).is_dir():
        base = Path(runtime) / "companion"
    else:
        base = Path(tempfile.gettempdir()) / f"companion-{_user_tag()}"
    try:
        base.mkdir(mode=0o700, exist_ok=True)
        info = base.lstat()
        if info.st_uid != os.getuid() or not base.is_dir() or base.is_symlink():
            # Someone else made this name in a shared /tmp: do not use it.
            return None
        if info.st_mode & 0o077:
            os.chmod(base, 0o700)
    except OSError:
        return None
    return base


# -- the client side ----------------------------------------------------------
def send(request: dict[str, Any], timeout_ms: int = 2000, name: str | None = None) -> dict[str, Any] | None:
    """The running app's answer, or None when no app is running (the caller
    then works on the data directly). A running app that does not answer in
    time gives {"ok": False, "error": ...}, never None, so nothing acts on
    the data behind its back. `name` reaches an app whose folders are not
    this process's (the benchmark's measured app)."""
    line = (json.dumps(request, ensure_ascii=True) + "\n").encode("ascii")
    try:
        name = name or server_name()
    except OSError:
        return None
    if os.name == "nt":
        raw = _exchange_qt(name, line, timeout_ms)
    else:
        raw = _exchange_unix(name, line, timeout_ms)
    if raw is None:
        return None
    if raw == b"":
        return {"ok": False, "error": f"Companion is running but did not answer within {timeout_ms / 1000:g} s."}
    try:
        reply = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        reply = None
    if not isinstance(reply, dict):
        return {"ok": False, "error": "Companion is running but its answer could not be understood."}
    return reply


def hand_over(request: dict[str, Any], command: str) -> int | None:
    """For commands that ask the running app to open one of its windows: the
    exit status once the app took the request (0) or refused it (1, with its
    sentence on stderr); None when no app runs and the command works alone."""
    answer = send(request)
    if answer is None:
        return None
    if not answer.get("ok"):
        print(f"companion {command}: {answer.get('error')}", file=sys.stderr)
        return 1
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


# -- the app side -----------------------------------------------------------
def handle_request(app: Any, request: Any) -> dict[str, Any]:
    """Carry out one request on the running app; always returns an answer.

    `app` needs: .store, .clock, .settings, show_running(),
    open_breathe(seconds, pattern), open_review(weeks), log_call(rating, mood=, tags=, note=) -> Call,
    pause_nudges(minutes) -> datetime, resume_nudges(), quit()."""
    from companion.core.models import InvalidEntry

    if not isinstance(request, dict) or not isinstance(request.get("cmd"), str):
        return _error("A request is a JSON object with a \"cmd\" field.")
    command = request["cmd"]
    action = _ACTIONS.get(command)
    if action is None:
        return _error(f"Companion does not know the request {command!r}.")
    try:
        return action(app, request)
    except InvalidEntry as exc:
        return _error(str(exc))
    except Exception as exc:  # noqa: BLE001 - the app must keep running whatever a script sends
        return _error(f"Companion could not do that: {exc}")


def _error(message: str) -> dict[str, Any]:
    return {"ok": False, "error": message}


def _whole(request: dict, key: str, low: int, high: int, what: str) -> int | None:
    from companion.core.models import InvalidEntry

    value = request.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidEntry(f"{what} is a whole number from {low} to {high}, not {value!r}.")
    return value


def _show(app: Any, _request: dict) -> dict[str, Any]:
    app.show_running()
    return {"ok": True}


def _breathe(app: Any, request: dict) -> dict[str, Any]:
    from companion.core.breathing import PATTERNS
    from companion.core.models import InvalidEntry

    seconds = _whole(request, "seconds", BREATHE_MIN, BREATHE_MAX, "seconds")
    pattern = request.get("pattern")
    known = (*PATTERNS, "custom")
    if pattern is not None and pattern not in known:
        raise InvalidEntry(f"The breathing pattern is one of {', '.join(known)}, not {pattern!r}.")
    app.open_breathe(seconds, pattern)
    return {"ok": True}


def _review(app: Any, request: dict) -> dict[str, Any]:
    from companion.core.settings import BY_KEY

    shown = BY_KEY["review_weeks"]
    app.open_review(_whole(request, "weeks", int(shown.minimum), int(shown.maximum), "weeks"))
    return {"ok": True}


def _log(app: Any, request: dict) -> dict[str, Any]:
    from companion.core.models import InvalidEntry, check_mood, check_note, check_tags, parse_rating

    rating = parse_rating(request.get("rating", ""))
    mood = check_mood(request.get("mood"))
    tags = request.get("tags") or []
    note = request.get("note") or ""
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise InvalidEntry("Tags are a list of words.")
    if not isinstance(note, str):
        raise InvalidEntry("A note is text.")
    clean_tags = list(check_tags(tags))
    call = app.log_call(rating, mood=mood, tags=clean_tags, note=check_note(note))
    return {"ok": True, "call": {"id": call.id, "at": call.at.isoformat(), "rating": call.rating.value,
                                 "mood": call.mood, "tags": list(call.tags)}}


def _status(app: Any, _request: dict) -> dict[str, Any]:
    from companion.commands.status import collect

    return {"ok": True, **collect(app.store, app.clock, running=True)}


def _pause(app: Any, request: dict) -> dict[str, Any]:
    minutes = _whole(request, "minutes", PAUSE_MIN, PAUSE_MAX, "minutes")
    if minutes is None:
        minutes = int(app.settings["pause_minutes"])
    until = app.pause_nudges(minutes)
    return {"ok": True, "paused_until": until.isoformat()}


def _resume(app: Any, _request: dict) -> dict[str, Any]:
    app.resume_nudges()
    return {"ok": True}


def _quit(app: Any, _request: dict) -> dict[str, Any]:
    # Qt leaves its event loop only after this answer has been written.
    app.quit()
    return {"ok": True}


_ACTIONS = {
    "show": _show,
    "breathe": _breathe,
    "review": _review,
    "log": _log,
    "status": _status,
    "pause": _pause,
    "resume": _resume,
    "quit": _quit,
}


def is_running() -> bool:
    """Someone listens on the instance socket (without asking it anything)."""
    try:
        name = server_name()
    except OSError:
        return False
    return someone_listens(name)


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
