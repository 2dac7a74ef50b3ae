"""The SQLite store: one file, WAL, forward migrations by PRAGMA user_version.

Every write commits before it returns, so a click that logged a call has
really logged it even if the process is killed a moment later."""

from __future__ import annotations

import errno
import functools
import os
import shutil
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime, timedelta
from pathlib import Path
from types import FunctionType

from .clock import Clock, SystemClock, from_text, iso_week, local_moment, to_text
from .models import (
    BreakSource,
    BreathSession,
    Call,
    InvalidEntry,
    Nudge,
    NudgeAnswer,
    NudgeReason,
    Rating,
    check_mood,
    check_note,
    check_tags,
)
from .checkins_store import CheckinsStore
from .history_store import HistoryStore
from .own_tags import OwnTagsStore

# Each entry moves the schema one version forward; never edit a released one.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE calls (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        day TEXT NOT NULL,
        week TEXT NOT NULL,
        rating TEXT NOT NULL CHECK (rating IN ('rough', 'ok', 'great')),
        mood INTEGER CHECK (mood BETWEEN 1 AND 5),
        note TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX calls_at ON calls(at);
    CREATE INDEX calls_week ON calls(week, rating);
    CREATE TABLE call_tags (
        call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (call_id, tag)
    );
    CREATE INDEX call_tags_tag ON call_tags(tag);
    CREATE TABLE breaths (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        day TEXT NOT NULL,
        week TEXT NOT NULL,
        pattern TEXT NOT NULL,
        planned_seconds INTEGER NOT NULL,
        completed INTEGER NOT NULL DEFAULT 0,
        mood_before INTEGER CHECK (mood_before BETWEEN 1 AND 5),
        mood_after INTEGER CHECK (mood_after BETWEEN 1 AND 5),
        mic TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX breaths_week ON breaths(week);
    CREATE TABLE breaks (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        day TEXT NOT NULL,
        week TEXT NOT NULL
    );
    CREATE INDEX breaks_week ON breaks(week);
    CREATE TABLE nudges (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        day TEXT NOT NULL,
        week TEXT NOT NULL,
        reason TEXT NOT NULL,
        answer TEXT,
        answered_at TEXT
    );
    CREATE INDEX nudges_week ON nudges(week);
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # 2: the weekly review's own answers. energy NULL means "skipped today",
    # so the end-of-day question is not asked twice.
    """
    CREATE TABLE checkins (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        day TEXT NOT NULL,
        week TEXT NOT NULL,
        energy INTEGER CHECK (energy BETWEEN 1 AND 5)
    );
    CREATE INDEX checkins_week ON checkins(week);
    CREATE INDEX checkins_at ON checkins(at);
    CREATE TABLE selfchecks (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        day TEXT NOT NULL,
        week TEXT NOT NULL,
        instrument TEXT NOT NULL,
        score REAL NOT NULL CHECK (score BETWEEN 0 AND 100),
        answers TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX selfchecks_week ON selfchecks(week, at);
    CREATE INDEX selfchecks_at ON selfchecks(at);
    -- Covers every weekly call signal and hands calls over in the order the
    -- longest-rough-run window needs, so years of calls are never sorted.
    CREATE INDEX calls_review ON calls(week, day, at, rating, mood);
    """,
    # Today's rough run is asked for at every start and after every log; without
    # this it walked the whole calls table on a morning with no calls yet.
    """
    CREATE INDEX calls_day ON calls(day, rating, at);
    """,
    # 4: a break or a breath remembers the last call logged before it, so the
    # rough run goes by the order things happened, not by a wall clock that
    # may have been stepped back since.
    """
    ALTER TABLE breaks ADD COLUMN after_call INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE breaths ADD COLUMN after_call INTEGER NOT NULL DEFAULT 0;
    UPDATE breaks SET after_call = coalesce(
        (SELECT max(id) FROM calls WHERE calls.at <= coalesce(breaks.ended_at, breaks.started_at)), 0);
    UPDATE breaths SET after_call = coalesce((SELECT max(id) FROM calls WHERE calls.at <= breaths.started_at), 0);
    """,
    # 5: the person's own call tags (a queue's topics), beside the built-in ones;
    # a retired tag stays here, and on the calls that carry it. And the local
    # hour of each call, decided at write time as its week is (core/patterns.py):
    # calls logged before this step get the hour their moment has in the zone
    # the computer has now.
    """
    CREATE TABLE own_tags (
        name TEXT PRIMARY KEY,
        position INTEGER NOT NULL,
        retired INTEGER NOT NULL DEFAULT 0
    );
    ALTER TABLE calls ADD COLUMN hour INTEGER CHECK (hour BETWEEN 0 AND 23);
    UPDATE calls SET hour = CAST(strftime('%H', at, 'localtime') AS INTEGER);
    CREATE INDEX calls_hours ON calls(week, day, hour, rating);
    """,
    # 6: where a break came from: taken from the menu, time away from the
    # keyboard, or the screen locked (core/away.py). Earlier breaks were all
    # taken from the menu.
    """
    ALTER TABLE breaks ADD COLUMN source TEXT NOT NULL DEFAULT 'menu' CHECK (source IN ('menu', 'away', 'locked'));
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
CACHE_KIB = 256  # each connection's page cache (see _connect)


class StoreError(sqlite3.DatabaseError):
    """Something stopped the data file from being read or written. `message`
    is one plain sentence for the person; each subclass says what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DamagedData(StoreError):
    """The file's own bytes are damaged, or it is not a database at all: the
    only case in which it may be set aside (core/recovery.py). Raised while
    opening, `connection` is the still-open connection, to be closed only
    after the file and its -wal/-shm have been moved aside."""

    connection: sqlite3.Connection | None = None
    identity: tuple[int, int] | None = None


DamagedStore = DamagedData  # the name callers used before the errors were split


class NewerStore(StoreError):
    """The file was written by a newer Companion; we must not touch it."""


class StorageProblem(StoreError):
    """The disk or folder failed us, not the file: never set it aside for this."""


class DiskFull(StorageProblem):
    """No space left on the disk that holds the data file."""


class DataFolderReadOnly(StorageProblem):
    """The data folder or file cannot be written (or opened) by this user."""


class StoreBusy(StorageProblem):
    """Another process kept the data file locked for longer than we wait."""


# SQLite's primary result codes (the low byte of an extended one).
_CORRUPT = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}
_READ_ONLY = {sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH}
_BUSY = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}


def classify(exc: BaseException, path: Path | str) -> BaseException:
    """The typed StoreError for an sqlite3 or OS error met on `path`; any
    other exception (a bug, an InvalidEntry) comes back unchanged."""
    if isinstance(exc, StoreError):
        return exc
    path = Path(path)
    if isinstance(exc, sqlite3.Error):
        code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
        if code in _CORRUPT or (code == 0 and "malformed" in str(exc)):
            return DamagedData(f"The data file {path} is damaged ({exc}).")
        if code == sqlite3.SQLITE_FULL or (code == sqlite3.SQLITE_IOERR and _disk_full(path)):
            return _disk_full_error(path)
        if code in _READ_ONLY:
            return _read_only_error(path)
        if code in _BUSY:
            return StoreBusy(f"The data file {path} is kept busy by another program; try again in a moment.")
        if code == sqlite3.SQLITE_IOERR:
            return StorageProblem(f"The disk holding {path} reported a read or write error ({exc}).")
        return exc
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOSPC or exc.errno == getattr(errno, "EDQUOT", None):
            return _disk_full_error(path)
        if isinstance(exc, PermissionError) or exc.errno == errno.EROFS:
            return _read_only_error(path)
        return StorageProblem(f"The data folder {path.parent} could not be used ({exc.strerror or exc}).")
    return exc


def _disk_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.parent).free < 64 * 1024
    except OSError:
        return False


def _disk_full_error(path: Path) -> DiskFull:
    return DiskFull(
        f"The disk holding your Companion data ({path.parent}) is full, so nothing new can be saved. "
        "Your data file is unharmed; free some space and Companion carries on."
    )


def _read_only_error(path: Path) -> DataFolderReadOnly:
    return DataFolderReadOnly(
        f"Companion cannot write to its data folder {path.parent} (it is read-only or belongs to "
        "someone else), so nothing new can be saved. Your data file is unharmed."
    )


def _typed_errors(cls: type) -> type:
    """Every public method of `cls` raises StoreError subclasses, never a raw
    sqlite3 or OS error, whichever statement or page the fault surfaced at."""
    # Its parts (own tags, history) included: each method is wrapped once, on Store.
    for name in {n for klass in cls.__mro__[:-1] for n in vars(klass)}:
        method = getattr(cls, name)
        if isinstance(method, FunctionType) and (not name.startswith("_") or name == "__init__"):
            setattr(cls, name, _typed(method))
    return cls


def _typed(method):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (sqlite3.Error, OSError) as exc:
            typed = classify(exc, getattr(self, "path", ""))
            problem = getattr(self, "reading_only", None)
            if problem is not None and isinstance(typed, DamagedData):
                # What a reader that cannot lock or see the -wal meets is no
                # proof of damage: such a store never leads to a file set aside.
                typed = _again(problem)
            if typed is exc:
                raise
            raise typed from exc

    return wrapper


def file_identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of `path`: tells a damaged file from the one another
    process has already put in its place."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


_when = local_moment


def _again(problem: StorageProblem) -> StorageProblem:
    return type(problem)(problem.message)


@_typed_errors
class Store(OwnTagsStore, HistoryStore, CheckinsStore):
    def __init__(self, path: Path | str, clock: Clock | None = None,
                 reading_only: StorageProblem | None = None) -> None:
        """`reading_only`: the full disk or read-only folder that kept the
        file from opening for writing. The store then only reads; each write
        first tries to open the file for writing again (`try_writing`) and
        raises that problem while it persists."""
        self.path = Path(path)
        self.clock = clock or SystemClock()
        self.closed = False
        self.reading_only = reading_only
        self.unseen_recent = False  # reading only, the newest entries (in the -wal) may not show yet
        self._db = self._connect_for_reading() if reading_only else self._connect()

    # -- opening -----------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        if not self.path.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Create the file ourselves so it is private from its first byte.
            fd = os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
        self.identity = file_identity(self.path)
        db = sqlite3.connect(self.path, isolation_level=None, timeout=10.0)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            # FULL: a logged call must survive a power cut too, not only a crash;
            # writes are a few per hour, so the extra fsync costs nothing felt.
            db.execute("PRAGMA synchronous=FULL")
            db.execute("PRAGMA foreign_keys=ON")
            # 256 KiB of pages, not SQLite's 2 MB: the tray keeps this connection
            # all day, and the system's file cache holds the pages anyway. Three
            # years of weeks and patterns read no slower (341 ms at 2 MB, 355 ms
            # here, within noise); the tray's memory after start is 0.7 MB less.
            db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
            self._migrate(db)
        except BaseException as exc:
            if db.in_transaction:
                with suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
            typed = classify(exc, self.path)
            if not isinstance(typed, DamagedData):
                db.close()
                raise
            # Closed only once the file is set aside: closing now would let
            # SQLite fold or delete the -wal beside a file we keep as evidence.
            typed.connection, typed.identity = db, self.identity
            if typed is exc:
                raise
            raise typed from exc
        return db

    def _connect_for_reading(self) -> sqlite3.Connection:
        """The file opened only to read. An ordinary reader first; where that
        fails (a full disk cannot even size the -shm file) as an unchanging
        file, which needs no -shm but leaves a -wal unread until the file can
        be written again. Nothing is written either way."""
        uri = self.path.resolve().as_uri()
        for mode in ("mode=ro", "immutable=1"):
            try:
                db = sqlite3.connect(f"{uri}?{mode}", uri=True, isolation_level=None)
            except sqlite3.Error:
                continue
            try:
                version = db.execute("PRAGMA user_version").fetchone()[0]
            except sqlite3.Error:
                db.close()
                continue
            if version != SCHEMA_VERSION:
                db.close()
                self._refuse_newer(db, version)
                break  # an older file must be migrated, which is a write
            db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
            self.identity = file_identity(self.path)
            wal = self.path.with_name(self.path.name + "-wal")
            self.unseen_recent = mode == "immutable=1" and wal.exists() and wal.stat().st_size > 0
            return db
        raise _again(self.reading_only)

    def try_writing(self) -> bool:
        """True when the store can write: at once for an ordinary store; for one
        opened only to read, when the file now opens for writing (space came
        back, the folder became writable), and from then on it is ordinary."""
        if self.reading_only is None:
            return True
        try:
            db = self._connect()
        except StorageProblem as problem:
            self.reading_only = problem
            return False
        self._db.close()
        self._db, self.reading_only, self.unseen_recent = db, None, False
        return True

    def _migrate(self, db: sqlite3.Connection) -> None:
        """Bring the schema up to SCHEMA_VERSION, one step per transaction.
        The version is read again inside each write transaction: another
        process starting at the same moment may have taken the step already,
        and then there is simply nothing left to do."""
        while True:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            self._refuse_newer(db, version)
            if version == SCHEMA_VERSION:
                return
            db.execute("BEGIN IMMEDIATE")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            self._refuse_newer(db, version)
            if version == SCHEMA_VERSION:
                db.execute("COMMIT")
                return
            try:
                for statement in migration_statements(MIGRATIONS[version]):
                    db.execute(statement)
            except sqlite3.OperationalError as exc:
                if classify(exc, self.path) is not exc:
                    raise
                # Under the write lock at the version the file states, a step
                # that does not fit ("table ... already exists") means the file
                # contradicts itself: that is damage, not a race.
                raise DamagedData(f"The data file {self.path} does not match its own schema ({exc}).") from exc
            db.execute(f"PRAGMA user_version={version + 1}")
            db.execute("COMMIT")

    def _refuse_newer(self, db: sqlite3.Connection, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise NewerStore(
                f"{self.path} was written by a newer version of Companion (schema {version}, this one "
                f"knows {SCHEMA_VERSION}). Start that newer version, or restore a backup made by this one."
            )

    def close(self) -> None:
        self.closed = True
        self._db.close()

    def integrity_ok(self) -> bool:
        try:
            return self._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        except sqlite3.DatabaseError as exc:
            typed = classify(exc, self.path)
            if isinstance(typed, DamagedData):
                return False
            raise typed from exc
        finally:
            self.release_memory()  # the check read every page

    def release_memory(self) -> None:
        """Give the page cache back after a burst of reading, rather than carry
        it through a day of idling in the tray (the next read takes its pages
        from the system's file cache)."""
        with suppress(sqlite3.Error):
            self._db.execute("PRAGMA shrink_memory")

    @contextmanager
    def _tx(self) -> Iterator[None]:
        if not self.try_writing():
            raise _again(self.reading_only)
        # IMMEDIATE takes the write lock up front, so a CLI writer and the tray
        # app never deadlock half-way through a transaction.
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _write(self, sql: str, args: Iterable = ()) -> sqlite3.Cursor:
        return self._db.execute(sql, tuple(args))

    # -- calls ---------------------------------------------------------------
    def log_call(
        self,
        rating: Rating,
        mood: int | None = None,
        tags: Iterable[str] = (),
        note: str = "",
        at: datetime | None = None,
    ) -> Call:
        rating = Rating(rating)
        mood = check_mood(mood)
        clean_tags = check_tags(tags)
        note = check_note(note)
        moment = _when(self.clock, at)
        with self._tx():
            cur = self._write(
                "INSERT INTO calls (at, day, week, rating, mood, note, hour) VALUES (?,?,?,?,?,?,?)",
                (to_text(moment), moment.date().isoformat(), iso_week(moment), rating.value, mood, note,
                 moment.hour),
            )
            call_id = cur.lastrowid
            self._db.executemany(
                "INSERT INTO call_tags (call_id, tag) VALUES (?, ?)", [(call_id, t) for t in clean_tags]
            )
        return Call(call_id, moment, rating, mood, clean_tags, note)

    def update_call(
        self,
        call_id: int,
        *,
        rating: Rating | None = None,
        mood: int | None | type[...] = ...,
        tags: Iterable[str] | None = None,
        note: str | None = None,
    ) -> Call:
        current = self.call(call_id)
        if current is None:
            raise InvalidEntry(f"There is no call number {call_id}.")
        new_rating = Rating(rating) if rating is not None else current.rating
        new_mood = current.mood if mood is ... else check_mood(mood)
        new_note = current.note if note is None else check_note(note)
        new_tags = current.tags if tags is None else check_tags(tags)
        with self._tx():
            self._write(
                "UPDATE calls SET rating=?, mood=?, note=? WHERE id=?",
                (new_rating.value, new_mood, new_note, call_id),
            )
            self._write("DELETE FROM call_tags WHERE call_id=?", (call_id,))
            self._db.executemany(
                "INSERT INTO call_tags (call_id, tag) VALUES (?, ?)", [(call_id, t) for t in new_tags]
            )
        return Call(call_id, current.at, new_rating, new_mood, new_tags, new_note)

    def delete_call(self, call_id: int) -> bool:
        with self._tx():
            cur = self._write("DELETE FROM calls WHERE id=?", (call_id,))
        return cur.rowcount > 0

    def call(self, call_id: int) -> Call | None:
        found = self.calls(where="c.id = ?", args=(call_id,), limit=1)
        return found[0] if found else None

    def last_call(self) -> Call | None:
        """The call logged last, whatever the wall clock said when each was
        logged (a clock stepped back must not make undo take an older call)."""
        found = self.calls(limit=1, order="c.id DESC")
        return found[0] if found else None

    def calls(
        self, where: str = "1", args: Iterable = (), limit: int = 200, order: str = "c.at DESC, c.id DESC"
    ) -> list[Call]:
        rows = self._db.execute(
            f"""SELECT c.id, c.at, c.rating, c.mood, c.note,
                       (SELECT group_concat(tag, char(31)) FROM call_tags t WHERE t.call_id = c.id)
                FROM calls c WHERE {where} ORDER BY {order} LIMIT ?""",
            (*args, limit),
        ).fetchall()
        return [
            Call(r[0], from_text(r[1]), Rating(r[2]), r[3], tuple(sorted(r[5].split("\x1f"))) if r[5] else (), r[4])
            for r in rows
        ]

    def count_calls(self) -> int:
        return self._db.execute("SELECT count(*) FROM calls").fetchone()[0]

    def rough_run(self, now: datetime | None = None) -> int:
        """Rough calls in a row today since the last calmer call, break or breath,
        in the order they were logged (ids), whatever the wall clock said."""
        moment = _when(self.clock, now)
        day = moment.date().isoformat()
        row = self._db.execute(
            """SELECT count(*) FROM calls
               WHERE day = ? AND rating = 'rough'
                 AND id > coalesce((SELECT max(id) FROM calls WHERE day = ? AND rating != 'rough'), 0)
                 AND id > coalesce((SELECT max(after_call) FROM breaks), 0)
                 AND id > coalesce((SELECT max(after_call) FROM breaths), 0)""",
            (day, day),
        ).fetchone()
        return row[0]

    def recent_mood(self, within: timedelta, now: datetime | None = None) -> int | None:
        since = to_text(_when(self.clock, now) - within)
        row = self._db.execute(
            "SELECT mood FROM calls WHERE at >= ? AND mood IS NOT NULL ORDER BY at DESC LIMIT 1", (since,)
        ).fetchone()
        return row[0] if row else None

    # -- breathing and breaks -------------------------------------------
    def start_breath(
        self, pattern: str, planned_seconds: int, mood_before: int | None = None, mic: str = "",
        at: datetime | None = None,
    ) -> BreathSession:
        moment = _when(self.clock, at)
        mood_before = check_mood(mood_before)
        with self._tx():
            cur = self._write(
                """INSERT INTO breaths (started_at, day, week, pattern, planned_seconds, mood_before, mic,
                                       after_call)
                   VALUES (?,?,?,?,?,?,?, (SELECT coalesce(max(id), 0) FROM calls))""",
                (to_text(moment), moment.date().isoformat(), iso_week(moment), pattern, planned_seconds,
                 mood_before, mic),
            )
        return BreathSession(cur.lastrowid, moment, pattern, planned_seconds, mood_before=mood_before, mic=mic)

    def finish_breath(
        self, session_id: int, completed: bool, planned_seconds: int | None = None, at: datetime | None = None
    ) -> None:
        """The session's end; like a break's, it comes after every call logged
        until then (rough calls logged while breathing end their run too)."""
        moment = _when(self.clock, at)
        with self._tx():
            self._write(
                """UPDATE breaths SET ended_at=?, completed=?, planned_seconds=coalesce(?, planned_seconds),
                          after_call=(SELECT coalesce(max(id), 0) FROM calls) WHERE id=?""",
                (to_text(moment), int(completed), planned_seconds, session_id),
            )

    def rate_breath(self, session_id: int, mood_after: int) -> None:
        mood_after = check_mood(mood_after)
        with self._tx():
            self._write("UPDATE breaths SET mood_after=? WHERE id=?", (mood_after, session_id))

    def breath(self, session_id: int) -> BreathSession | None:
        r = self._db.execute(
            """SELECT id, started_at, pattern, planned_seconds, ended_at, completed, mood_before, mood_after, mic
               FROM breaths WHERE id=?""",
            (session_id,),
        ).fetchone()
        if r is None:
            return None
        return BreathSession(
            r[0], from_text(r[1]), r[2], r[3], from_text(r[4]) if r[4] else None, bool(r[5]), r[6], r[7], r[8]
        )

    def start_break(self, at: datetime | None = None) -> int:
        moment = _when(self.clock, at)
        with self._tx():
            cur = self._write(
                """INSERT INTO breaks (started_at, day, week, after_call)
                   VALUES (?,?,?, (SELECT coalesce(max(id), 0) FROM calls))""",
                (to_text(moment), moment.date().isoformat(), iso_week(moment)),
            )
        return cur.lastrowid

    def record_break(self, started: datetime, ended: datetime, source: BreakSource) -> int:
        """A break that is over already: time away from the keyboard, or the
        screen locked, noticed when the person came back."""
        source = BreakSource(source)
        with self._tx():
            cur = self._write(
                """INSERT INTO breaks (started_at, ended_at, day, week, source, after_call)
                   VALUES (?,?,?,?,?, (SELECT coalesce(max(id), 0) FROM calls))""",
                (to_text(started), to_text(ended), started.date().isoformat(), iso_week(started), source.value),
            )
        return cur.lastrowid

    def end_break(self, break_id: int, at: datetime | None = None) -> None:
        with self._tx():
            self._write(
                "UPDATE breaks SET ended_at=?, after_call=(SELECT coalesce(max(id), 0) FROM calls) WHERE id=?",
                (to_text(_when(self.clock, at)), break_id),
            )

    def open_break(self) -> int | None:
        row = self._db.execute("SELECT id FROM breaks WHERE ended_at IS NULL ORDER BY id DESC LIMIT 1").fetchone()
        return row[0] if row else None

    # -- nudges ------------------------------------------------------------
    def record_nudge(self, reason: NudgeReason, at: datetime | None = None) -> Nudge:
        moment = _when(self.clock, at)
        reason = NudgeReason(reason)
        with self._tx():
            cur = self._write(
                "INSERT INTO nudges (at, day, week, reason) VALUES (?,?,?,?)",
                (to_text(moment), moment.date().isoformat(), iso_week(moment), reason.value),
            )
        return Nudge(cur.lastrowid, moment, reason)

    def answer_nudge(self, nudge_id: int, answer: NudgeAnswer, at: datetime | None = None) -> None:
        answer = NudgeAnswer(answer)
        with self._tx():
            # The first answer stands: a late click cannot turn "ignored" into "accepted".
            self._write(
                "UPDATE nudges SET answer=?, answered_at=? WHERE id=? AND answer IS NULL",
                (answer.value, to_text(_when(self.clock, at)), nudge_id),
            )

    def nudges(self, limit: int = 50) -> list[Nudge]:
        rows = self._db.execute(
            "SELECT id, at, reason, answer, answered_at FROM nudges ORDER BY at DESC, id DESC LIMIT ?", (limit,)
        ).fetchall()
        return [
            Nudge(r[0], from_text(r[1]), NudgeReason(r[2]), NudgeAnswer(r[3]) if r[3] else None,
                  from_text(r[4]) if r[4] else None)
            for r in rows
        ]

    # -- small remembered facts ------------------------------------------
    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str | None) -> None:
        with self._tx():
            if value is None:
                self._write("DELETE FROM meta WHERE key=?", (key,))
            else:
                self._write("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    # -- read-only reports (core/weeks.py) ------------------------------------
    def read(self, sql: str, args: Iterable = ()) -> list[tuple]:
        """Rows of a read-only report query (core/weeks.py). Reports aggregate
        in SQL so a year of calls never has to be loaded into Python."""
        if not sql.lstrip().upper().startswith(("SELECT", "WITH", "EXPLAIN")):
            raise ValueError("Store.read runs SELECT queries only.")
        return self._db.execute(sql, tuple(args)).fetchall()

    # -- backups (core/backups.py) ------------------------------------------
    def backup_to(self, target: Path | str) -> None:
        """A consistent copy of the whole database in `target`, taken with
        SQLite's online backup API while this connection stays usable. The
        copy is a single self-contained file (rollback journal, not WAL)."""
        copy = sqlite3.connect(target, isolation_level=None)
        try:
            self._db.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()

def migration_statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]
