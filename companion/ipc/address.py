"""Where the running app listens.

`$XDG_RUNTIME_DIR/companion/` when that is set, otherwise a private
`companion-<uid>` folder in the temporary directory; both are 0700 (if that
name in a shared /tmp belongs to someone else, the private data folder is
used instead). The file name carries a checksum of the data folder, so each data
folder (each test, each user) has its own instance and they never answer
for each other. On Windows the name is a named pipe's."""

from __future__ import annotations

import os
import tempfile
import zlib
from pathlib import Path

MAX_SOCKET_PATH = 100


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


# -- the running app's lock: the truth about "is Companion running?" -------------
# The app holds an exclusive lock on this file for as long as it runs. A socket
# can be too busy to take a connection (its backlog full) while the app runs,
# so the socket alone must never be taken as "no app here". `companion delete`
# and `restore` hold the same lock while they work, so no app can start under them.
def running_lock_path(name: str) -> str | None:
    return None if os.name == "nt" else name + ".running"


class RunningLock:
    """The lock itself; `take()` is False when someone else holds it."""

    def __init__(self, name: str) -> None:
        self.path = running_lock_path(name)
        self.fd: int | None = None

    def take(self) -> bool:
        if self.path is None:
            return True  # Windows: the named pipe itself is exclusive
        import fcntl

        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self.fd = fd
        return True

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing drops the lock
            self.fd = None

    def __enter__(self) -> RunningLock:
        return self

    def __exit__(self, *exc) -> None:
        self.release()


class StartLock:
    """POSIX: the lock a start holds while it looks for a running app and takes
    the name, as QLockFile held it (tryLock, unlock) but in a fraction of the
    time (QLockFile took 8-10 ms, before the tray icon shows). It is an flock on
    the same file, which QLockFile also flocks, so either kind keeps the other
    out; and a start that dies holding it loses it with its process."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.fd: int | None = None

    def tryLock(self, timeout_ms: int) -> bool:  # noqa: N802 - QLockFile's name, for the same call site
        import fcntl
        import time

        deadline = time.monotonic() + timeout_ms / 1000
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError:
                return False
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                if time.monotonic() >= deadline:
                    return False
                time.sleep(0.01)
                continue
            # Its last holder removes the file on unlock: if that happened while
            # we waited, this lock is on a file nobody else will open; take the new one.
            try:
                current = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except OSError:
                current = False
            if current:
                self.fd = fd
                return True
            os.close(fd)

    def unlock(self) -> None:
        if self.fd is not None:
            try:
                os.unlink(self.path)  # while still held, as QLockFile leaves no file behind
            except OSError:
                pass
            os.close(self.fd)
            self.fd = None


def held_by_someone(name: str) -> bool:
    lock = RunningLock(name)
    if lock.path is None or not os.path.exists(lock.path):
        return False
    try:
        free = lock.take()
    except OSError:
        return False
    lock.release()
    return not free
