"""Opening the store so that the app always starts, and recovering from a
damaged file wherever the damage shows (at open, on a read, on a write, in
the integrity check): the file is set aside with a timestamped name, the
newest good backup (if any) takes its place, and the user is told in plain
words where the old file went and what they are looking at now.

Only DamagedData leads here. A full disk, a read-only folder or a file from
a newer Companion raise their own StoreError and leave the file alone."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from .backups import backup_dir, copy_database, latest_good_backup
from .clock import Clock
from .files import set_aside
from .store import DamagedData, StorageProblem, Store, StoreBusy, file_identity

T = TypeVar("T")


def open_store(path: Path, clock: Clock | None = None, check: bool = True) -> tuple[Store, str | None]:
    """The store, plus a message for the user if the old file had to be set aside.
    `check=False` skips the full integrity check (it grows with the data), for
    a caller that runs `verify` a moment later, once the tray icon is up; damage
    the first reads meet is caught by `with_recovery`."""
    path = Path(path)
    # An empty file is a valid empty database to SQLite, but a data file never
    # shrinks to nothing by itself: if a backup exists, treat it as damage.
    if path.exists() and path.stat().st_size == 0 and latest_good_backup(backup_dir(path)) is not None:
        return recover(path, clock)
    try:
        store = Store(path, clock)
    except DamagedData as damage:
        return recover(path, clock, damage)
    except StorageProblem as problem:
        if isinstance(problem, StoreBusy) or not path.exists():
            raise
        # A full disk or a read-only folder: what is there can still be read
        # and shown (or this raises the problem again if even that fails).
        store = Store(path, clock, reading_only=problem)
        return store, reading_only_message(store)
    if not check or store.integrity_ok():
        return store, None
    return recover(path, clock, store)


def reading_only_message(store: Store) -> str:
    message = (f"{store.reading_only.message} Meanwhile your weeks, your history and the breathing "
               "minute work as usual; calls cannot be logged.")
    if store.unseen_recent:
        message += " Your last few entries before this happened show again once Companion can save."
    return message


def verify(store: Store) -> tuple[Store, str | None]:
    """The same store if its pages check out; otherwise the file is set aside
    and the store reopened as open_store would, with its message. A store
    closed meanwhile (the app quit before its first check), or one that can
    only read (no lock, maybe no -wal: its check proves nothing), is left alone."""
    if store.closed or store.reading_only is not None or store.integrity_ok():
        return store, None
    return recover(store.path, store.clock, store)


def with_recovery(store: Store, action: Callable[[Store], T]) -> tuple[Store, T, str | None]:
    """`action(store)`; if it meets a damaged page, recover and run it once more
    on the recovered store. Returns the store to use from now on, the result
    and the message for the user (None when nothing had to be done)."""
    try:
        return store, action(store), None
    except DamagedData:
        store, message = recover(store.path, store.clock, store)
    return store, action(store), message


def recover(
    path: Path, clock: Clock | None = None, damaged: Store | DamagedData | None = None
) -> tuple[Store, str | None]:
    """Set the damaged data file at `path` aside (with its -wal/-shm), put the
    newest good backup in its place or start a fresh file, and say so.

    `damaged` is the open Store that met the damage, or the DamagedData that
    opening raised: its connection is closed only after the file has moved, so
    SQLite cannot fold or delete the -wal of the file kept as evidence. Racing
    processes recover one at a time; one that finds the file already replaced
    by another simply opens the new one (message None)."""
    path = Path(path)
    if isinstance(damaged, Store):
        identity, close = damaged.identity, damaged.close
    elif damaged is not None and damaged.connection is not None:
        identity, close = damaged.identity, damaged.connection.close
    else:
        identity, close = file_identity(path), _nothing
    with _one_at_a_time(path):
        if identity is not None and file_identity(path) not in (identity, None):
            with suppress(Exception):
                close()
            return Store(path, clock), None
        kept = set_aside(path, "damaged") if path.exists() else None
        with suppress(Exception):
            close()
        return _replace(path, clock, kept)


def _replace(path: Path, clock: Clock | None, kept: Path | None) -> tuple[Store, str]:
    where = (f"The old file was kept as {kept}; nothing in it was deleted." if kept is not None else "")
    backup = latest_good_backup(backup_dir(path))
    if backup is not None:
        try:
            copy_database(backup, path)
            return Store(path, clock), (
                f"Your Companion data file could not be read, so your backup from {_backup_day(backup)} "
                f"was restored. Anything logged after that backup is in the old file, which was kept as "
                f"{kept}; nothing in it was deleted."
            )
        except (StorageProblem, OSError):
            # No room (or no right) to write even the backup: a fresh file
            # would fail the same way, and must not hide the backup next time.
            path.with_name(path.name + ".restoring").unlink(missing_ok=True)
            raise
        except Exception:  # noqa: BLE001 - a fresh start beats no start
            if path.exists():
                set_aside(path, "unusable-backup")
    return Store(path, clock), f"Your Companion data file could not be read, so a fresh one was started. {where}"


@contextmanager
def _one_at_a_time(path: Path) -> Iterator[None]:
    """An exclusive lock beside the data file for the length of a recovery."""
    try:
        import fcntl
    except ImportError:  # Windows: a second process cannot rename an open file there anyway
        yield
        return
    fd = os.open(path.with_name(path.name + ".lock"), os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _nothing() -> None:
    pass


def _backup_day(backup: Path) -> str:
    day = backup.stem.removeprefix("companion-")
    try:
        return datetime.strptime(day, "%Y-%m-%d").strftime("%A %d %B %Y").replace(" 0", " ")
    except ValueError:
        return day
