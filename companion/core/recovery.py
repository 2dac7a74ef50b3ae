"""Opening the store so that the app always starts. A damaged file is set
aside with a timestamped name, the newest good backup (if any) takes its
place, and the user is told in plain words where the old file went and what
they are looking at now."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from .backups import backup_dir, copy_database, latest_good_backup
from .clock import Clock
from .files import set_aside
from .store import DamagedStore, Store


def open_store(path: Path, clock: Clock | None = None, check: bool = True) -> tuple[Store, str | None]:
    """The store, plus a message for the user if the old file had to be set aside.
    `check=False` skips the full integrity check (it grows with the data), for
    a caller that runs `verify` a moment later, once the tray icon is up."""
    path = Path(path)
    # An empty file is a valid empty database to SQLite, but a data file never
    # shrinks to nothing by itself: if a backup exists, treat it as damage.
    emptied = path.exists() and path.stat().st_size == 0 and latest_good_backup(backup_dir(path)) is not None
    if not emptied:
        try:
            store = Store(path, clock)
            if not check or store.integrity_ok():
                return store, None
            store.close()
        except DamagedStore:
            pass
    kept = set_aside(path, "damaged")
    backup = latest_good_backup(backup_dir(path))
    if backup is not None:
        try:
            copy_database(backup, path)
            return Store(path, clock), (
                f"Your Companion data file could not be read, so your backup from {_backup_day(backup)} "
                f"was restored. Anything logged after that backup is in the old file, which was kept as "
                f"{kept}; nothing in it was deleted."
            )
        except Exception:  # noqa: BLE001 - a fresh start beats no start
            if path.exists():
                set_aside(path, "unusable-backup")
    return Store(path, clock), (
        f"Your Companion data file could not be read, so a fresh one was started. "
        f"The old file was kept as {kept}; nothing in it was deleted."
    )


def verify(store: Store) -> tuple[Store, str | None]:
    """The same store if its pages check out; otherwise the file is set aside
    and the store reopened as open_store would, with its message."""
    if store.integrity_ok():
        return store, None
    store.close()
    return open_store(store.path, store.clock)


def _backup_day(backup: Path) -> str:
    day = backup.stem.removeprefix("companion-")
    try:
        return datetime.strptime(day, "%Y-%m-%d").strftime("%A %d %B %Y").replace(" 0", " ")
    except ValueError:
        return day
