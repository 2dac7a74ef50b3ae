"""Opening the store so that the app always starts: a damaged file is set
aside with a timestamped name and the user is told, in plain words, where."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from .clock import Clock
from .store import DamagedStore, Store


def set_aside(path: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = path.with_name(f"{path.stem}-damaged-{stamp}{path.suffix}")
    os.replace(path, kept)
    for extra in ("-wal", "-shm"):
        side = path.with_name(path.name + extra)
        if side.exists():
            os.replace(side, kept.with_name(kept.name + extra))
    return kept


def open_store(path: Path, clock: Clock | None = None) -> tuple[Store, str | None]:
    """The store, plus a message for the user if the old file had to be set aside."""
    try:
        store = Store(path, clock)
        if store.integrity_ok():
            return store, None
        store.close()
    except DamagedStore:
        pass
    kept = set_aside(path)
    return Store(path, clock), (
        f"Your Companion data file could not be read, so a fresh one was started. "
        f"The old file was kept as {kept}; nothing in it was deleted."
    )
