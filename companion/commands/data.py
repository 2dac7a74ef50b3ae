"""Opening the data file for a command, or saying plainly why it cannot be.

A damaged file is recovered here as at the tray's start (set aside, newest
good backup restored, the person told where the old file is), so a
softphone script's call is not lost to it. A full disk, a read-only folder
or a newer schema get one plain sentence and the file is left alone."""

from __future__ import annotations

import sys
from pathlib import Path


def open_store(command: str, what: str = "Nothing was changed."):
    """The Store, or None after one sentence on stderr. `what` says what did
    not happen, e.g. "The call could not be logged."."""
    from companion.core.clock import SystemClock
    from companion.core.paths import database_path
    from companion.core.recovery import open_store as open_or_recover
    from companion.core.store import StoreError, classify

    try:
        store, message = open_or_recover(database_path(), SystemClock(), check=False)
    except StoreError as exc:
        print(f"companion {command}: {exc.message} {what}", file=sys.stderr)
        return None
    except OSError as exc:  # the data folder itself (read-only disk, someone else's folder)
        problem = classify(exc, Path(exc.filename or ".") / "companion.db")
        print(f"companion {command}: {getattr(problem, 'message', exc)} {what}", file=sys.stderr)
        return None
    if message:
        print(f"companion {command}: {message}", file=sys.stderr)
    return store
