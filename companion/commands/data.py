"""Opening the data file for a command, or saying plainly why it cannot be.

Commands never set a damaged file aside themselves: the tray app does that
at its start, with a backup to restore and a message the person will see.
Both go through companion/service/opening.py, the one way the data is opened."""

from __future__ import annotations

import sqlite3
import sys


def open_service(command: str, what: str = "Nothing was changed."):
    """The application service on the data file, or None after one sentence on
    stderr. `what` says what did not happen, e.g. "The call could not be logged."."""
    return _opened(command, what, _service)


def open_store(command: str, what: str = "Nothing was changed."):
    """The Store alone (for commands that only read or copy it), or None as above."""
    return _opened(command, what, _store)


def with_service(action, command: str) -> bool:
    """Run `action(service)` on the data file; a sentence on stderr if it cannot be read."""
    service = open_service(command)
    if service is None:
        return False
    try:
        action(service)
    finally:
        service.close()
    return True


def _service():
    from companion.service.opening import open_service as opened

    return opened(repair=False)[0]


def _store():
    from companion.core.clock import SystemClock
    from companion.service.opening import open_store as opened

    return opened(SystemClock(), repair=False)[0]


def _opened(command: str, what: str, open_it):
    from companion.core.paths import database_path
    from companion.core.store import DamagedStore, NewerStore

    try:
        return open_it()
    except NewerStore as exc:
        print(f"companion {command}: {exc} {what}", file=sys.stderr)
    except (DamagedStore, sqlite3.DatabaseError) as exc:
        print(f"companion {command}: the data file {database_path()} cannot be read ({exc}). {what} "
              "Start Companion to set the file aside and restore your latest backup.", file=sys.stderr)
    return None
