"""Opening the data file for a command, or saying plainly why it cannot be.

Commands never set a damaged file aside themselves: the tray app does that
at its start, with a backup to restore and a message the person will see."""

from __future__ import annotations

import sqlite3
import sys


def open_store(command: str, what: str = "Nothing was changed."):
    """The Store, or None after one sentence on stderr. `what` says what did
    not happen, e.g. "The call could not be logged."."""
    from companion.core.clock import SystemClock
    from companion.core.paths import database_path
    from companion.core.store import DamagedStore, NewerStore, Store

    path = database_path()
    try:
        return Store(path, SystemClock())
    except NewerStore as exc:
        print(f"companion {command}: {exc} {what}", file=sys.stderr)
    except (DamagedStore, sqlite3.DatabaseError) as exc:
        print(f"companion {command}: the data file {path} cannot be read ({exc}). {what} "
              "Start Companion to set the file aside and restore your latest backup.", file=sys.stderr)
    return None
