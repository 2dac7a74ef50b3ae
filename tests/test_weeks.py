"""Weekly signals against hand-computed fixtures, in a real time zone with DST."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest

from companion.core import weeks
from companion.core.clock import FakeClock
from companion.core.models import InvalidEntry, NudgeAnswer, NudgeReason
from companion.core.store import MIGRATIONS, SCHEMA_VERSION, Store


def at(*parts) -> datetime:
    # A naive local wall time, made aware by the (London) system zone.
    return datetime(*parts).astimezone()


@pytest.fixture
def spring(london, tmp_path):
    """Weeks around the spring DST change (Sunday 29 March 2026, 01:00 GMT -> 02:00 BST)."""
    clock = FakeClock(at(2026, 4, 15, 12, 0))
    store = Store(tmp_path / "spring.db", clock)
    log = store.log_call
    # 2026-W13, Mon 23 - Sun 29 March: the week the clocks go forward.
    log("rough", mood=2, at=at(2026, 3, 23, 10, 0))
    log("rough", mood=1, tags=["angry"], at=at(2026, 3, 23, 10, 30))
    log("rough", mood=2, at=at(2026, 3, 23, 11, 0))
    log("ok", mood=3, at=at(2026, 3, 23, 11, 30))
    log("rough", at=at(2026, 3, 23, 12, 0))
    log("rough", mood=2, at=at(2026, 3, 24, 9, 0))  # a new day: Monday's run does not carry on
    log("great", mood=5, tags=["compliment", "thanked"], note="private words", at=at(2026, 3, 24, 9, 10))
    log("rough", mood=1, at=at(2026, 3, 29, 0, 30))  # GMT
    log("rough", at=at(2026, 3, 29, 3, 0))  # BST, 1.5 real hours later: still one run
    log("ok", mood=3, at=at(2026, 3, 29, 23, 30))  # BST, 22:30 UTC: still Sunday, still W13
    # 2026-W14: Monday 00:30 BST is Sunday 23:30 UTC, but the local week is what counts.
    log("great", mood=4, at=at(2026, 3, 30, 0, 30))
    log("rough", at=at(2026, 4, 2, 10, 0))
    log("rough", at=at(2026, 4, 2, 10, 30))
    log("rough", at=at(2026, 4, 3, 9, 0))
    log("rough", at=at(2026, 4, 3, 9, 30))
    log("ok", mood=4, at=at(2026, 4, 3, 10, 0))

    s = store.start_breath("box", 60, mood_before=2, at=at(2026, 3, 23, 13, 0))
    store.rate_breath(s.id, 4)
    s = store.start_breath("box", 60, mood_before=3, at=at(2026, 3, 24, 13, 0))
    store.rate_breath(s.id, 3)
    store.start_breath("box", 60, mood_before=2, at=at(2026, 3, 25, 13, 0))  # never rated
    b = store.start_break(at=at(2026, 3, 23, 14, 0))
    store.end_break(b, at=at(2026, 3, 23, 14, 15))
    store.start_break(at=at(2026, 3, 25, 12, 0))

    answers = [NudgeAnswer.IGNORED, NudgeAnswer.BREATHE, NudgeAnswer.SNOOZE, NudgeAnswer.IGNORED,
               NudgeAnswer.NOT_NOW, None]
    for n, answer in enumerate(answers):
        nudge = store.record_nudge(NudgeReason.ROUGH_STREAK, at=at(2026, 3, 23 + n // 2, 11 + n % 2, 5))
        if answer:
            store.answer_nudge(nudge.id, answer, at=at(2026, 3, 23 + n // 2, 11 + n % 2, 6))

    store.record_checkin(2, at=at(2026, 3, 23, 17, 45))
    store.record_checkin(1, at=at(2026, 3, 24, 17, 45))
    store.record_checkin(None, at=at(2026, 3, 25, 17, 45))
    store.record_checkin(3, at=at(2026, 3, 26, 17, 45))
    store.record_selfcheck(55.0, "{}", "test", at=at(2026, 3, 24, 16, 0))
    store.record_selfcheck(62.5, "{}", "test", at=at(2026, 3, 27, 16, 0))
    # 2026-W15 stays empty; 2026-W16 holds only a skipped check-in.
    store.record_checkin(None, at=at(2026, 4, 13, 17, 45))
    yield store, clock
    store.close()


def test_the_dst_week_is_summed_by_hand(spring):
    store, clock = spring
    got = {w.week: w for w in weeks.recent(store, clock.now(), 5)}
    assert list(got) == ["2026-W12", "2026-W13", "2026-W14", "2026-W15", "2026-W16"]
    w13 = got["2026-W13"]
    assert (w13.calls, w13.rough, w13.ok, w13.great) == (10, 7, 2, 1)
    assert w13.rough_share == pytest.approx(0.7)
    assert w13.avg_mood == pytest.approx(19 / 8)
    assert w13.longest_rough_run == 3
    assert w13.compliments == 1
    assert (w13.breathing_sessions, w13.breath_mood_change) == (3, pytest.approx(1.0))
    assert w13.breaks == 2
    assert (w13.nudges, w13.nudges_accepted, w13.nudges_snoozed, w13.nudges_ignored) == (6, 1, 1, 2)
    assert (w13.checkins, w13.energy_avg) == (3, pytest.approx(2.0))
    assert w13.self_check == 62.5


def test_a_call_just_after_local_midnight_belongs_to_the_new_local_week(spring):
    store, clock = spring
    w14 = {w.week: w for w in weeks.recent(store, clock.now(), 5)}["2026-W14"]
    assert (w14.calls, w14.rough, w14.ok, w14.great) == (6, 4, 1, 1)
    assert w14.rough_share == pytest.approx(4 / 6)
    assert w14.avg_mood == pytest.approx(4.0)
    # Two rough calls on Thursday and two on Friday: a night's rest ends a run.
    assert w14.longest_rough_run == 2
    assert (w14.breaks, w14.breathing_sessions, w14.nudges, w14.compliments, w14.checkins) == (0, 0, 0, 0, 0)
    assert (w14.energy_avg, w14.breath_mood_change, w14.self_check) == (None, None, None)


def test_an_empty_week_is_an_empty_row_and_a_skip_only_week_has_zero_counts(spring):
    store, clock = spring
    got = {w.week: w for w in weeks.recent(store, clock.now(), 5)}
    for label in ("2026-W12", "2026-W15"):
        empty = got[label]
        assert not empty.has_data
        assert all(v is None for k, v in empty.as_dict().items() if k != "week")
    w16 = got["2026-W16"]
    assert w16.has_data and w16.calls == 0 and w16.checkins == 0
    assert (w16.rough_share, w16.avg_mood, w16.energy_avg) == (None, None, None)


def test_json_keys_are_exactly_the_documented_ones(spring):
    store, clock = spring
    row = weeks.recent(store, clock.now(), 5)[1].as_dict(weeks.JSON_KEYS)
    assert list(row) == [
        "week", "calls", "rough", "ok", "great", "rough_share", "avg_mood", "longest_rough_run", "breaks",
        "breathing_sessions", "nudges", "nudges_ignored", "compliments", "energy_avg", "breath_mood_change",
        "self_check",
    ]
    assert row["rough_share"] == 0.7 and row["avg_mood"] == 2.38


def test_autumn_change_keeps_late_sunday_in_its_week(london, tmp_path):
    store = Store(tmp_path / "autumn.db", FakeClock(at(2026, 10, 28, 12, 0)))
    store.log_call("rough", at=at(2026, 10, 25, 23, 30))  # GMT again since 02:00 BST that morning
    store.log_call("ok", at=at(2026, 10, 26, 0, 30))
    got = {w.week: w.calls for w in weeks.recent(store, store.clock.now(), 2)}
    assert got == {"2026-W43": 1, "2026-W44": 1}
    store.close()


def test_all_weeks_runs_from_the_first_entry_to_this_week(spring):
    store, clock = spring
    every = weeks.all_weeks(store, clock.now())
    assert [w.week for w in every] == ["2026-W13", "2026-W14", "2026-W15", "2026-W16"]


def test_all_weeks_of_an_empty_store_is_just_this_week(store, clock):
    assert [w.week for w in weeks.all_weeks(store, clock.now())] == ["2026-W48"]


def test_week_labels_cross_a_53_week_year():
    assert weeks.week_labels("2027-W02", 4) == ["2026-W52", "2026-W53", "2027-W01", "2027-W02"]
    assert weeks.labels_between("2026-W52", "2027-W01") == ["2026-W52", "2026-W53", "2027-W01"]
    assert weeks.week_start("2026-W48").isoformat() == "2026-11-23"
    assert weeks.week_name("2026-W48") == "the week of 23 Nov 2026"


@pytest.mark.parametrize("name", sorted(weeks.QUERIES))
def test_every_signal_query_reaches_its_table_through_an_index(store, name):
    plan = [row[-1] for row in store.read("EXPLAIN QUERY PLAN " + weeks.QUERIES[name], ("2026-W01", "2026-W10"))]
    tables = ("calls", "call_tags", "breaths", "breaks", "nudges", "checkins", "selfchecks")
    assert not [step for step in plan if step.split(" ")[:2] in [["SCAN", t] for t in tables]], plan
    assert any("INDEX" in step or "PRIMARY KEY" in step for step in plan), plan


def test_read_refuses_anything_but_a_query(store):
    with pytest.raises(ValueError):
        store.read("DELETE FROM calls")


def test_a_version_1_file_gains_the_review_tables(tmp_path, clock):
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0] + "; PRAGMA user_version=1;")
    db.execute("INSERT INTO calls (at, day, week, rating) VALUES ('2026-11-16T10:00:00.000000+00:00', "
               "'2026-11-16', '2026-W47', 'rough')")
    db.commit()
    db.close()
    store = Store(path, clock)
    assert store.read("SELECT user_version FROM pragma_user_version")[0][0] == SCHEMA_VERSION >= 2
    store.record_checkin(4)
    store.record_selfcheck(40, "{}", "test")
    assert store.last_checkin()[1] == 4 and store.last_selfcheck()[1] == 40.0
    assert store.count_calls() == 1
    store.close()


def test_checkins_and_selfchecks_are_checked(store):
    for bad in (0, 6, 2.5, True, "3"):
        with pytest.raises(InvalidEntry):
            store.record_checkin(bad)
    for bad in (-1, 100.5, None, True):
        with pytest.raises(InvalidEntry):
            store.record_selfcheck(bad, "{}", "test")
    assert store.last_checkin() is None and store.last_selfcheck() is None
