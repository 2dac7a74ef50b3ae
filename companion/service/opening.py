"""Opening the data and settings for the service: one path for the tray app,
`companion breathe` and the command line's offline paths.

Damage found at opening, or later by any verb (Service._on_store), leads to
the same recovery (core/recovery.py): the damaged file is set aside with a
message and the newest good backup restored, for the tray app and the command
line alike. A full disk, a read-only folder or a newer schema raise a
StoreError with a plain message and never set a healthy file aside."""

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
    service = Service(store, settings, clock)
    return service, notices + service.recovered
