"""Damage inside the file: one damaged page in an ordinary table, the file
header intact. Wherever it surfaces - opening, the first reads, a write, the
integrity check - the store raises DamagedData and every path leads to the
same recovery: the file set aside with its -wal/-shm, the newest good backup
restored (or a fresh file), the person told where the old file is."""

from __future__ import annotations

import os
import sqlite3

import pytest
from faults import QuietMic, cli, close_app, damage_table, set_aside_files

from companion.core import paths
from companion.core.backups import backup_now
from companion.core.models import Rating
from companion.core.recovery import open_store, recover, verify, with_recovery
from companion.core.store import DamagedData, Store


def _with_backup(path, clock, later_calls: int = 200) -> None:
    """A backup holding one call, then a day of calls after it."""
    store = Store(path, clock)
    store.log_call(Rating.GREAT, note="in the backup")
    store.start_break()
    backup_now(store, clock)
    clock.advance(24 * 3600)
    for number in range(later_calls):
        store.log_call(Rating.ROUGH, tags=["angry"], note=f"after the backup {number} " + "words " * 20)
    store.set_meta("something", "remembered")
    store.close()


@pytest.mark.parametrize("where", ["read", "write", "meta", "integrity"])
def test_damage_surfaces_as_one_typed_error_wherever_it_is_met(where, tmp_path, clock):
    path = tmp_path / "companion.db"
    _with_backup(path, clock)
    damage_table(path, "meta" if where == "meta" else "calls")
    store = Store(path, clock)  # the header is intact: opening alone finds nothing
    actions = {
        "read": lambda: store.calls(),
        "write": lambda: store.log_call(Rating.OK, note="x"),
        "meta": lambda: store.get_meta("something"),
    }
    try:
        if where == "integrity":
            assert store.integrity_ok() is False
        else:
            with pytest.raises(DamagedData) as raised:
                actions[where]()
            assert str(path) in raised.value.message
    finally:
        store.close()


@pytest.mark.parametrize("where", ["read", "write"])
def test_recovery_from_the_middle_of_work_restores_the_backup(where, tmp_path, clock):
    path = tmp_path / "companion.db"
    _with_backup(path, clock)
    damaged = damage_table(path, "calls")
    store = Store(path, clock)
    action = (lambda s: len(s.calls())) if where == "read" else (lambda s: s.log_call(Rating.OK, note="new").id)

    store, result, message = with_recovery(store, action)

    kept = set_aside_files(tmp_path)
    assert len(kept) == 1 and kept[0].read_bytes() == damaged
    assert str(kept[0]) in message and "backup from" in message
    notes = [c.note for c in store.calls()]
    assert notes == (["in the backup"] if where == "read" else ["new", "in the backup"])
    assert result == (1 if where == "read" else store.last_call().id)
    assert store.integrity_ok()
    store.close()


def test_the_full_check_later_leads_to_the_same_recovery(tmp_path, clock):
    path = tmp_path / "companion.db"
    _with_backup(path, clock)
    damage_table(path, "calls")
    store, message = open_store(path, clock, check=False)
    assert message is None  # the cheap open saw nothing
    store, message = verify(store)
    assert message and "was restored" in message and len(set_aside_files(tmp_path)) == 1
    assert [c.note for c in store.calls()] == ["in the backup"]
    store.close()


def test_a_wal_beside_a_file_damaged_at_open_is_kept_with_it(tmp_path, clock):
    path = tmp_path / "companion.db"
    path.write_bytes(b"not a database at all " * 400)
    (tmp_path / "companion.db-wal").write_bytes(b"the last calls, perhaps")
    store, message = open_store(path, clock)
    kept = set_aside_files(tmp_path)[0]
    # SQLite deletes a -wal when the last connection closes; it was closed
    # only after the file and its -wal had moved.
    assert (tmp_path / (kept.name + "-wal")).read_bytes() == b"the last calls, perhaps"
    assert message and str(kept) in message
    store.close()


def test_a_second_recovery_of_the_same_damage_does_not_set_aside_the_restored_file(tmp_path, clock):
    path = tmp_path / "companion.db"
    _with_backup(path, clock)
    damage_table(path, "calls")
    first, second = Store(path, clock), Store(path, clock)  # two processes met the same damage
    first, message = recover(path, clock, first)
    first.log_call(Rating.OK, note="logged after the first recovery")
    second, again = recover(path, clock, second)
    assert again is None and len(set_aside_files(tmp_path)) == 1
    assert [c.note for c in second.calls()] == ["logged after the first recovery", "in the backup"]
    first.close()
    second.close()


# -- the tray's start as it is today: reads in the constructor, full check later --
@pytest.mark.parametrize("table", ["breaks", "sqlite_autoindex_meta_1"])
def test_tray_start_recovers_from_damage_its_first_reads_meet(table, qtbot, clock):
    from companion.app import CompanionApp, make_qt_app

    path = paths.database_path()
    _with_backup(path, clock)
    damage_table(path, table)
    make_qt_app()
    app = CompanionApp(clock=clock, microphone=QuietMic())  # raised DatabaseError before
    try:
        kept = set_aside_files(path.parent)
        assert len(kept) == 1
        notice = " ".join(app.notices)
        assert str(kept[0]) in notice and "was restored" in notice
        assert [c.note for c in app.store.calls()] == ["in the backup"]
        app.start()
        qtbot.waitUntil(lambda: app.settled)
        assert len(set_aside_files(path.parent)) == 1  # the full check found the restored file whole
        app.log_call(Rating.OK)
        assert app.store.count_calls() == 2
    finally:
        close_app(app)


# -- `companion log`: a softphone script's call is not lost to a damaged page -----
def test_companion_log_recovers_from_a_damaged_page_and_logs_the_call(clock):
    path = paths.database_path()
    _with_backup(path, clock)
    damaged = damage_table(path, "calls")

    done = cli(dict(os.environ), "log", "rough", "--tag", "abusive", "--note", "after the damage")

    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    kept = set_aside_files(path.parent)
    assert len(kept) == 1 and kept[0].read_bytes() == damaged
    assert str(kept[0]) in done.stderr and "was restored" in done.stderr
    assert done.stdout.startswith("Logged a rough call")
    with sqlite3.connect(path) as db:
        assert [r[0] for r in db.execute("SELECT note FROM calls ORDER BY id")] == [
            "in the backup", "after the damage"]
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_store_problem_in_a_click_is_told_and_damage_repaired(qtbot, clock, store, settings):
    from companion.app import CompanionApp, make_qt_app, store_problems_told
    from companion.core.store import DamagedData, DiskFull

    make_qt_app()
    app = CompanionApp(clock=clock, store=store, settings=settings, microphone=QuietMic())
    told, passed_on = [], []
    app.tell = lambda title, text: told.append(text)
    hook = store_problems_told(app, lambda *exc: passed_on.append(exc[1]))
    try:
        hook(DiskFull, DiskFull("The disk that holds your Companion data is full."), None)
        assert told == ["The disk that holds your Companion data is full."]
        before = app.service.store
        hook(DamagedData, DamagedData("damaged"), None)
        assert app.service.store is not before and "kept as" in told[-1]  # set aside, and said where
        assert len(told) == 2
        other = ValueError("a bug")
        hook(ValueError, other, None)
        assert passed_on == [other] and len(told) == 2
    finally:
        close_app(app, close_store=False)
        app.service.store.close()
