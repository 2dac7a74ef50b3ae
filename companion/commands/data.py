"""Opening the data file for a command, or saying plainly why it cannot be.

Both go through companion/service/opening.py, the one way the data is opened.
A damaged file is recovered here as at the tray's start (set aside, newest
good backup restored, the person told where the old file is), so a
softphone script's call is not lost to it. A full disk, a read-only folder
or a newer schema get one plain sentence and the file is left alone."""

from __future__ import annotations

import sys
from pathlib import Path


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


def _store():
    from companion.core.clock import SystemClock
    from companion.service.opening import open_store as opened

    return opened(SystemClock(), repair=True, check=False)


def _service():
    from companion.service.opening import open_service as opened

    store, message = _store()
    # The settings file is only read here: a script never rewrites it.
    return opened(repair=False, store=store)[0], message


def _opened(command: str, what: str, open_it):
    from companion.core.store import StoreError, classify

    try:
        opened, message = open_it()
    except StoreError as exc:
        print(f"companion {command}: {exc.message} {what}", file=sys.stderr)
        return None
    except OSError as exc:  # the data folder itself (read-only disk, someone else's folder)
        problem = classify(exc, Path(exc.filename or ".") / "companion.db")
        print(f"companion {command}: {getattr(problem, 'message', exc)} {what}", file=sys.stderr)
        return None
    if message:
        print(f"companion {command}: {message}", file=sys.stderr)
    return opened
