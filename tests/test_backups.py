"""Rolling daily backups and the backup/restore commands."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import datetime

from companion.__main__ import main
from companion.core import paths
from companion.core.backups import (
    BACKUP_KEEP,
    backup_dir,
    backup_if_due,
    backup_now,
    backups,
    check_database,
    latest_good_backup,
)
from companion.core.models import Rating
from companion.core.store import Store


def test_one_backup_a_day_kept_private(store, clock):
    store.log_call(Rating.ROUGH, note="first")
    first = backup_if_due(store, clock)
    assert first is not None and first.name == "companion-2026-11-23.db"
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
    assert stat.S_IMODE(first.parent.stat().st_mode) == 0o700
    # Later the same day nothing new is written.
    clock.advance(3600)
    store.log_call(Rating.OK)
    assert backup_if_due(store, clock) is None
    clock.advance(24 * 3600)
    second = backup_if_due(store, clock)
    assert second.name == "companion-2026-11-24.db"
    copy = sqlite3.connect(second)
    assert copy.execute("SELECT count(*) FROM calls").fetchone()[0] == 2
    # A backup is one self-contained file, not a WAL database needing side files.
    assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    copy.close()


def test_only_the_newest_seven_are_kept(store, clock):
    for day in range(10):
        backup_if_due(store, clock)
        clock.advance(24 * 3600)
    kept = backups(backup_dir(store.path))
    assert len(kept) == BACKUP_KEEP
    assert kept[0].name == "companion-2026-12-02.db" and kept[-1].name == "companion-2026-11-26.db"
    assert not list(backup_dir(store.path).glob("*.tmp"))


def test_keep_is_adjustable(store, clock):
    for _ in range(4):
        backup_now(store, clock, keep=2)
        clock.advance(24 * 3600)
    assert len(backups(backup_dir(store.path))) == 2


def test_backup_while_another_connection_writes(store, clock, tmp_path):
    # The tray app and `companion backup` are separate connections to one file.
    other = Store(store.path, clock)
    for _ in range(50):
        other.log_call(Rating.OK)
    target = backup_now(store, clock)
    other.log_call(Rating.ROUGH)
    other.close()
    assert check_database(target) is None
    assert sqlite3.connect(target).execute("SELECT count(*) FROM calls").fetchone()[0] == 50


def test_latest_good_backup_skips_damaged_ones(store, clock):
    good = backup_now(store, clock)
    clock.advance(24 * 3600)
    newer = backup_now(store, clock)
    newer.write_bytes(b"garbage" * 1000)
    assert latest_good_backup(backup_dir(store.path)) == good
    assert latest_good_backup(store.path.parent / "nowhere") is None


def test_check_database_says_why(tmp_path, store):
    assert check_database(store.path) is None
    plain = tmp_path / "plain.db"
    sqlite3.connect(plain).execute("CREATE TABLE x (y)").connection.close()
    assert "not a Companion data file" in check_database(plain)
    text = tmp_path / "notes.txt"
    text.write_text("hello " * 1000)
    assert check_database(text) is not None
    assert "not a file" in check_database(tmp_path / "missing.db")


# -- the commands ------------------------------------------------------------
def _log_directly(rating: Rating, note: str = "") -> None:
    store = Store(paths.database_path())
    store.log_call(rating, note=note)
    store.close()


def _notes() -> list[str]:
    db = sqlite3.connect(paths.database_path())
    try:
        return [r[0] for r in db.execute("SELECT note FROM calls ORDER BY id")]
    finally:
        db.close()


def test_backup_and_restore_commands(capsys):
    _log_directly(Rating.ROUGH, "kept in the backup")
    assert main(["backup"]) == 0
    written = backups(backup_dir(paths.database_path()))
    assert len(written) == 1 and str(written[0]) in capsys.readouterr().out
    assert stat.S_IMODE(written[0].stat().st_mode) == 0o600

    _log_directly(Rating.GREAT, "after the backup")
    assert main(["restore", str(written[0])]) == 0
    out = capsys.readouterr().out
    assert "kept as" in out
    assert _notes() == ["kept in the backup"]
    # The data that was replaced is still there, under the name we printed.
    aside = [p for p in paths.data_dir().iterdir() if "before-restore" in p.name and p.suffix == ".db"]
    assert len(aside) == 1 and str(aside[0]) in out
    assert sqlite3.connect(aside[0]).execute("SELECT count(*) FROM calls").fetchone()[0] == 2
    assert stat.S_IMODE(paths.database_path().stat().st_mode) == 0o600


def test_backup_to_a_chosen_file(tmp_path, capsys):
    _log_directly(Rating.OK, "x")
    target = tmp_path / "mine.db"
    assert main(["backup", "--to", str(target)]) == 0
    assert check_database(target) is None
    # Never overwrites a file the person already has.
    assert main(["backup", "--to", str(target)]) == 2
    assert "already exists" in capsys.readouterr().err


def test_backup_with_no_data_yet_says_so(capsys):
    assert main(["backup"]) == 1
    assert "nothing to back up" in capsys.readouterr().err


def test_restore_refuses_what_is_not_a_companion_file(tmp_path, capsys):
    _log_directly(Rating.OK, "mine")
    bogus = tmp_path / "holiday.jpg"
    bogus.write_bytes(os.urandom(5000))
    assert main(["restore", str(bogus)]) == 2
    assert "Nothing was changed" in capsys.readouterr().err
    assert main(["restore", str(paths.database_path())]) == 2
    assert "already uses" in capsys.readouterr().err
    assert _notes() == ["mine"]


def test_restore_brings_an_older_schema_up_to_date(tmp_path):
    old = tmp_path / "old.db"
    db = sqlite3.connect(old)
    from companion.core.store import MIGRATIONS

    db.executescript(MIGRATIONS[0])
    db.execute("INSERT INTO calls (at, day, week, rating, note) VALUES (?,?,?,?,?)",
               (datetime(2026, 1, 5, 9).astimezone().isoformat(), "2026-01-05", "2026-W02", "rough", "old one"))
    db.execute("PRAGMA user_version=1")
    db.commit()
    db.close()
    assert main(["restore", str(old)]) == 0
    db = sqlite3.connect(paths.database_path())
    from companion.core.store import SCHEMA_VERSION

    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert _notes() == ["old one"]


def test_checking_a_wal_file_leaves_nothing_beside_it(tmp_path, clock):
    # A person copies their live data file and its -wal somewhere: checking
    # and restoring from it must only read, never add -shm/-wal files there.
    import shutil

    live = Store(tmp_path / "live.db", clock)
    live.log_call(Rating.ROUGH, note="only in the WAL so far")
    folder = tmp_path / "usb"
    folder.mkdir()
    shutil.copyfile(live.path, folder / "copy.db")
    shutil.copyfile(str(live.path) + "-wal", folder / "copy.db-wal")
    live.close()
    assert check_database(folder / "copy.db") is None
    assert main(["restore", str(folder / "copy.db")]) == 0
    assert sorted(p.name for p in folder.iterdir()) == ["copy.db", "copy.db-wal"]
    assert _notes() == ["only in the WAL so far"]


def test_next_backup_is_just_after_midnight(clock):
    from companion.core.backups import seconds_until_next

    # 09:00 local -> 15 hours to midnight, plus a minute.
    assert seconds_until_next(clock) == 15 * 3600 + 60
    clock.set_wall(datetime(2026, 11, 23, 23, 59, 30))
    assert seconds_until_next(clock) == 90
