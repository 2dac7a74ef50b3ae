import os
import sqlite3
import stat
from datetime import datetime, timedelta

import pytest

from companion.core.models import InvalidEntry, NudgeAnswer, NudgeReason, Rating
from companion.core.recovery import open_store
from companion.core.store import SCHEMA_VERSION, NewerStore, Store


def test_logged_call_is_on_disk_before_log_call_returns(store, tmp_path):
    call = store.log_call(Rating.ROUGH, mood=2, tags=["Abusive", "bad  survey", "abusive"], note="shouted")
    # A second, independent connection sees it: it was committed, not just buffered.
    other = sqlite3.connect(tmp_path / "companion.db")
    row = other.execute("SELECT rating, mood, note, week FROM calls WHERE id=?", (call.id,)).fetchone()
    tags = {t for (t,) in other.execute("SELECT tag FROM call_tags WHERE call_id=?", (call.id,))}
    assert row == ("rough", 2, "shouted", "2026-W48")
    assert tags == {"abusive", "bad survey"}


def test_wal_and_schema_version(store, tmp_path):
    db = sqlite3.connect(tmp_path / "companion.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_database_file_is_private(store, tmp_path):
    assert stat.S_IMODE(os.stat(tmp_path / "companion.db").st_mode) == 0o600


def test_bad_values_are_refused_and_nothing_is_stored(store):
    with pytest.raises(InvalidEntry, match="Mood"):
        store.log_call(Rating.OK, mood=7)
    with pytest.raises(InvalidEntry, match="tag"):
        store.log_call(Rating.OK, tags=["  "])
    with pytest.raises(InvalidEntry, match="note"):
        store.log_call(Rating.OK, note="x" * 10_001)
    assert store.count_calls() == 0


def test_update_and_delete_last_call(store):
    call = store.log_call(Rating.GREAT)
    store.update_call(call.id, tags=["compliment"], mood=5, note="Said I made her day")
    again = store.last_call()
    assert (again.tags, again.mood, again.note) == (("compliment",), 5, "Said I made her day")
    store.update_call(call.id, mood=None)
    assert store.call(call.id).mood is None
    assert store.delete_call(call.id)
    assert store.last_call() is None


def test_rough_run_counts_rough_calls_in_a_row_today(store, clock):
    for _ in range(2):
        store.log_call(Rating.ROUGH)
        clock.advance(60)
    assert store.rough_run() == 2
    store.log_call(Rating.OK)
    clock.advance(60)
    assert store.rough_run() == 0
    store.log_call(Rating.ROUGH)
    clock.advance(60)
    assert store.rough_run() == 1
    session = store.start_breath("box", 60)
    clock.advance(60)
    store.finish_breath(session.id, completed=True)
    assert store.rough_run() == 0
    store.log_call(Rating.ROUGH)
    clock.advance(60)
    break_id = store.start_break()
    clock.advance(300)
    store.end_break(break_id)
    assert store.rough_run() == 0
    store.log_call(Rating.ROUGH)
    clock.advance(24 * 3600)
    assert store.rough_run() == 0  # a new day starts a new count


def test_rough_calls_logged_while_breathing_are_behind_the_breath_once_it_ends(store, clock):
    session = store.start_breath("box", 60)
    for _ in range(2):  # the calls before it, logged from a shortcut in its first seconds
        clock.advance(5)
        store.log_call(Rating.ROUGH)
    assert store.rough_run() == 2
    clock.advance(60)
    store.finish_breath(session.id, completed=True)
    assert store.rough_run() == 0


def test_breath_session_is_recorded_whole(store, clock):
    store.log_call(Rating.ROUGH, mood=2)
    clock.advance(30)
    before = store.recent_mood(timedelta(minutes=15))
    session = store.start_breath("cyclic_sigh", 60, mood_before=before, mic="not supported")
    clock.advance(45)
    store.finish_breath(session.id, completed=False, planned_seconds=90)
    store.rate_breath(session.id, 4)
    saved = store.breath(session.id)
    assert (saved.mood_before, saved.mood_after, saved.completed, saved.planned_seconds) == (2, 4, False, 90)
    assert saved.ended_at - saved.started_at == timedelta(seconds=45)
    assert saved.mic == "not supported"


def test_recent_mood_ignores_old_calls(store, clock):
    store.log_call(Rating.ROUGH, mood=1)
    clock.advance(16 * 60)
    assert store.recent_mood(timedelta(minutes=15)) is None


def test_nudges_and_their_answers(store, clock):
    nudge = store.record_nudge(NudgeReason.ROUGH_STREAK)
    clock.advance(10)
    store.answer_nudge(nudge.id, NudgeAnswer.SNOOZE)
    store.answer_nudge(nudge.id, NudgeAnswer.BREATHE)  # the first answer stands
    (saved,) = store.nudges()
    assert (saved.reason, saved.answer) == (NudgeReason.ROUGH_STREAK, NudgeAnswer.SNOOZE)


def test_meta_round_trip(store):
    store.set_meta("x", "1")
    assert store.get_meta("x") == "1"
    store.set_meta("x", None)
    assert store.get_meta("x", "gone") == "gone"


def test_reopening_keeps_everything(tmp_path, clock):
    first = Store(tmp_path / "c.db", clock)
    first.log_call(Rating.ROUGH, tags=["angry"])
    first.close()
    second = Store(tmp_path / "c.db", clock)
    assert second.last_call().tags == ("angry",)


def test_week_is_local_iso_week(store, clock):
    clock.set_wall(datetime(2026, 1, 1, 10, 0))  # a Thursday in ISO week 2026-W01
    store.log_call(Rating.OK)
    db = sqlite3.connect(store.path)
    assert db.execute("SELECT week, day FROM calls").fetchone() == ("2026-W01", "2026-01-01")


def test_newer_schema_is_left_alone(tmp_path):
    path = tmp_path / "c.db"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 5}")
    db.close()
    with pytest.raises(NewerStore, match="newer version"):
        Store(path)


def test_damaged_file_is_set_aside_and_a_fresh_store_opens(tmp_path, clock):
    path = tmp_path / "companion.db"
    path.write_bytes(b"this is not a database at all" * 100)
    store, message = open_store(path, clock)
    kept = [p for p in tmp_path.iterdir() if "damaged" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"this is not")
    assert str(kept[0]) in message
    store.log_call(Rating.OK)
    assert store.count_calls() == 1


def test_healthy_file_opens_without_message(tmp_path, clock):
    Store(tmp_path / "companion.db", clock).close()
    store, message = open_store(tmp_path / "companion.db", clock)
    assert message is None and store.integrity_ok()


def test_the_page_cache_stays_small_and_is_given_back_after_reading(tmp_path):
    # A tray app keeps its connection all day: 256 KiB of pages, not SQLite's 2 MB.
    from companion.core.store import CACHE_KIB, DiskFull

    store = Store(tmp_path / "companion.db")
    assert store._db.execute("PRAGMA cache_size").fetchone()[0] == -CACHE_KIB == -256
    first = store.log_call(Rating.ROUGH)
    store.release_memory()
    assert store.last_call().id == first.id  # reads go on from the file as before
    store.close()
    reader = Store(tmp_path / "companion.db", reading_only=DiskFull("the disk is full"))
    assert reader._db.execute("PRAGMA cache_size").fetchone()[0] == -CACHE_KIB
    reader.close()
