"""Opening the data and settings for the service: one path for the tray app,
`companion breathe` and the command line's offline paths.

The tray app (and a breathing window started on its own) repair a damaged data
file: it is set aside with a message and the newest good backup restored
(core/recovery.py). A command run from a script opens the file as it is and
raises when it cannot be read (DamagedStore, NewerStore, sqlite3.DatabaseError):
the person is told to start Companion, which sets the file aside with a backup
to restore and a message they will see."""

from __future__ import annotations

from pathlib import Path

from companion.core import paths
from companion.core.clock import Clock, SystemClock
from companion.core.settings import Settings, peek
from companion.core.store import Store

from .service import Service


def open_store(clock: Clock, repair: bool, check: bool = True, path: Path | None = None) -> tuple[Store, str | None]:
    path = path or paths.database_path()
    if repair:
        from companion.core.recovery import open_store as open_repaired

        return open_repaired(path, clock, check=check)
    return Store(path, clock), None


def open_service(repair: bool = True, check: bool = True, clock: Clock | None = None, store: Store | None = None,
                 settings=None) -> tuple[Service, list[str]]:
    """The service and what the person should be told about how it opened.
    With `repair=False` the settings file is only read, never rewritten."""
    clock = clock or SystemClock()
    notices: list[str] = []
    if store is None:
        store, problem = open_store(clock, repair, check)
        if problem:
            notices.append(problem)
    if settings is None:
        settings = Settings(paths.settings_path()) if repair else peek(paths.settings_path())
    notices.extend(getattr(settings, "problems", ()))
    return Service(store, settings, clock), notices
