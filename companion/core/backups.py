"""Rolling daily backups of the data file, and checking that a file really
is a Companion database before anything is restored from it.

Backups are taken with SQLite's online backup API, so the app keeps working
while one is made and the copy is consistent even mid-write. They live in
<data dir>/backups/companion-YYYY-MM-DD.db, readable by the user only; the
newest `keep` (7 unless told otherwise) are kept."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

from .clock import Clock
from .files import sync_folder
from .store import MIGRATIONS, SCHEMA_VERSION, Store, migration_statements

BACKUP_KEEP = 7
_NAME = re.compile(r"^companion-(\d{4}-\d{2}-\d{2})\.db$")


def backup_dir(database: Path) -> Path:
    return Path(database).parent / "backups"


def backup_name(day: date) -> str:
    return f"companion-{day.isoformat()}.db"


def backups(directory: Path) -> list[Path]:
    """Backup files in `directory`, newest first."""
    if not directory.is_dir():
        return []
    found = [p for p in directory.iterdir() if _NAME.match(p.name) and p.is_file()]
    return sorted(found, key=lambda p: p.name, reverse=True)


def backup_now(store: Store, clock: Clock, keep: int = BACKUP_KEEP, directory: Path | None = None) -> Path:
    """Today's backup, written now (replacing an earlier one from today)."""
    directory = directory or backup_dir(store.path)
    _private_dir(directory)
    target = directory / backup_name(clock.now().date())
    backup_into(store, target)
    prune(directory, keep)
    return target


def backup_into(store: Store, target: Path) -> None:
    """A consistent copy of `store` at `target`, 0600, replacing it whole."""
    target = Path(target)
    temporary = target.with_name(target.name + ".tmp")
    temporary.unlink(missing_ok=True)
    os.close(os.open(temporary, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600))
    try:
        store.backup_to(temporary)
        _fsync(temporary)
        # Rename last: a crash mid-backup never leaves a half file under a backup's name.
        os.replace(temporary, target)
        sync_folder(target.parent)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def backup_if_due(store: Store, clock: Clock, keep: int = BACKUP_KEEP, directory: Path | None = None) -> Path | None:
    """The app calls this at start and once a day: a backup if today has none."""
    directory = directory or backup_dir(store.path)
    if (directory / backup_name(clock.now().date())).exists():
        return None
    return backup_now(store, clock, keep, directory)


def prune(directory: Path, keep: int = BACKUP_KEEP) -> list[Path]:
    removed = backups(directory)[max(keep, 1):]
    for old in removed:
        old.unlink(missing_ok=True)
    return removed


def latest_good_backup(directory: Path) -> Path | None:
    """The newest backup that passes check_database, or None."""
    for candidate in backups(directory):
        if check_database(candidate) is None:
            return candidate
    return None


def check_database(path: Path) -> str | None:
    """None if `path` is a whole, readable Companion database this version
    can open; otherwise the reason, in a sentence. The file is only read."""
    path = Path(path)
    if not path.is_file():
        return f"{path} is not a file."
    with _readable(path) as readable:
        return _check(path, readable)


def _check(path: Path, readable: Path) -> str | None:
    try:
        db = sqlite3.connect(f"{readable.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return f"{path} could not be opened ({exc})."
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if version < 1 or "calls" not in tables:
            return f"{path} is an SQLite file but not a Companion data file."
        if version > SCHEMA_VERSION:
            return (f"{path} was written by a newer version of Companion (schema {version}; this one "
                    f"knows up to {SCHEMA_VERSION}).")
        unknown = _schema(db) ^ expected_schema(version)
        if unknown:
            names = ", ".join(sorted({name for _kind, name, _sql in unknown}))
            return (f"{path} holds more or other than a Companion data file of its version should "
                    f"({names}), so it is not used.")
        if db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            return f"{path} is damaged (SQLite's integrity check failed)."
    except sqlite3.DatabaseError as exc:
        return f"{path} is not a readable Companion data file ({exc})."
    finally:
        db.close()
    return None


def expected_schema(version: int) -> frozenset[tuple[str, str, str]]:
    """Every table, index, trigger and view a Companion file of schema
    `version` holds, built from the migration steps themselves."""
    if version not in _EXPECTED:
        db = sqlite3.connect(":memory:")
        try:
            for step in MIGRATIONS[:version]:
                for statement in migration_statements(step):
                    db.execute(statement)
            _EXPECTED[version] = _schema(db)
        finally:
            db.close()
    return _EXPECTED[version]


_EXPECTED: dict[int, frozenset[tuple[str, str, str]]] = {}


def _schema(db: sqlite3.Connection) -> frozenset[tuple[str, str, str]]:
    # SQLite's own statistics tables may appear after an ANALYZE; they hold no data of anyone's.
    rows = db.execute("SELECT type, name, coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%'")
    return frozenset((kind, name, " ".join(sql.split())) for kind, name, sql in rows)


def copy_database(source: Path, target: Path) -> None:
    """Copy `source` over `target` through SQLite, atomically and 0600. The
    caller has already set the old `target` (and its -wal/-shm) aside."""
    target = Path(target)
    temporary = target.with_name(target.name + ".restoring")
    temporary.unlink(missing_ok=True)
    os.close(os.open(temporary, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600))
    try:
        with _readable(Path(source)) as readable:
            src = sqlite3.connect(f"{readable.resolve().as_uri()}?mode=ro", uri=True)
            dst = sqlite3.connect(temporary, isolation_level=None)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
                src.close()
        _fsync(temporary)
        os.replace(temporary, target)
        sync_folder(target.parent)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def seconds_until_next(clock: Clock) -> float:
    """From now until a minute past the next local midnight, when the next
    daily backup falls due: the app sleeps on one timer instead of polling."""
    now = clock.now()
    tomorrow = datetime.combine(now.date() + timedelta(days=1), datetime.min.time()).astimezone()
    return max(60.0, (tomorrow - now).total_seconds() + 60)


@contextmanager
def _readable(path: Path) -> Iterator[Path]:
    """`path`, or a private copy of it when it is a WAL-mode file: SQLite
    would otherwise leave -wal/-shm files beside someone's backup just for
    reading it."""
    with open(path, "rb") as src:
        header = src.read(20)
    if len(header) < 20 or header[18:20] != b"\x02\x02":
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="companion-check-") as folder:
        copy = Path(folder) / "copy.db"
        shutil.copyfile(path, copy)
        wal = path.with_name(path.name + "-wal")
        if wal.exists():
            shutil.copyfile(wal, copy.with_name("copy.db-wal"))
        yield copy


def _private_dir(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        os.chmod(directory, 0o700)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
