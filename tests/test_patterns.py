"""Rough calls by tag, the hour-by-weekday grid and the spike notes, against
hand-computed fixtures in London (a DST change in the grid's weeks)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from companion.core import patterns
from companion.core.clock import FakeClock
from companion.core.models import InvalidEntry
from companion.core.settings import SCHEMA
from companion.core.store import Store
from companion.service.events import Change
from companion.service.service import Service

DEFAULTS = {s.key: s.default for s in SCHEMA}


def at(*parts) -> datetime:
    return datetime(*parts).astimezone()


# Base weeks W41-W44 of 2026, then "this week" W45 (Mon 2 Nov 2026).
BASE_MONDAYS = [at(2026, 10, 5, 9), at(2026, 10, 12, 9), at(2026, 10, 19, 9), at(2026, 10, 26, 9)]
THIS_MONDAY = at(2026, 11, 2, 9)
WEEKS = ["2026-W41", "2026-W42", "2026-W43", "2026-W44", "2026-W45"]
PLAN = {  # tag: rough calls carrying it in each base week, then this week
    "billing": ([4, 3, 5, 4], 12),  # usual 4, 12 >= 5 and >= 2 x 4: a note
    "delivery": ([4, 4, 5, 4], 8),  # usual 4.25, 8 < 2 x 4.25 = 8.5: just under the line
    "login": ([0, 0, 0, 0], 4),  # usual 0, but 4 < 5 calls: too few to rest a note on
}


def _log_plan(store: Store, plan=PLAN, quiet_weeks=()) -> None:
    for week, monday in enumerate([*BASE_MONDAYS, THIS_MONDAY]):
        if week in quiet_weeks:
            continue
        minute = 0
        for tag, (base, this) in plan.items():
            for _ in range(base[week] if week < 4 else this):
                store.log_call("rough", tags=[tag], at=monday + timedelta(minutes=minute))
                minute += 3
        store.log_call("ok", tags=["billing"], at=monday + timedelta(minutes=minute))  # not rough: not counted


@pytest.fixture
def planned(london, tmp_path):
    store = Store(tmp_path / "plan.db", FakeClock(at(2026, 11, 6, 17)))
    _log_plan(store)
    yield store
    store.close()


def test_rough_tags_counts_only_rough_calls_per_week(planned):
    counts = patterns.rough_tags(planned, WEEKS)
    assert counts["2026-W41"] == {"billing": 4, "delivery": 4}
    assert counts["2026-W45"] == {"billing": 12, "delivery": 8, "login": 4}
    assert patterns.rough_tags(planned, ["2026-W40"]) == {"2026-W40": {}}


def test_a_spike_is_noted_one_just_under_and_one_on_too_few_calls_are_not(planned):
    notes = patterns.tag_notes(planned, WEEKS, DEFAULTS)
    assert [n.subject for n in notes] == ["billing"]
    (note,) = notes
    assert (note.week, note.count, note.usual) == ("2026-W45", 12, 4.0)
    assert note.text == ("'billing' came up on 12 rough calls in the week of 2 Nov 2026, against about 4 a week "
                         "before. If something changed, your team lead may want to know.")
    # The lines are the settings': a lower ratio lets delivery (8 vs 4.25) through, a lower count login.
    looser = {**DEFAULTS, "spike_ratio": 1.8, "spike_min_rough": 4}
    assert [n.subject for n in patterns.tag_notes(planned, WEEKS, looser)] == ["billing", "delivery", "login"]


def test_the_base_weeks_can_come_before_the_weeks_shown(planned):
    # Only this week shown: the usual week still comes from the four before it.
    assert [n.subject for n in patterns.tag_notes(planned, ["2026-W45"], DEFAULTS)] == ["billing"]


def test_no_note_without_enough_earlier_weeks_to_compare_with(london, tmp_path):
    store = Store(tmp_path / "new.db", FakeClock(at(2026, 11, 6, 17)))
    _log_plan(store, {"billing": ([0, 0, 0, 4], 12)}, quiet_weeks=(0, 1, 2))  # only W44 before W45
    assert patterns.rough_tags(store, WEEKS)["2026-W43"] == {}
    try:
        assert patterns.tag_notes(store, WEEKS, DEFAULTS) == []
        store.log_call("ok", at=BASE_MONDAYS[2])  # a second earlier week with calls: now there is a usual
        assert [n.usual for n in patterns.tag_notes(store, WEEKS, DEFAULTS)] == [2.0]
    finally:
        store.close()


@pytest.fixture
def dst_grid(london, tmp_path):
    """Calls either side of the spring change (Sun 29 March 2026, 01:00 GMT -> 02:00 BST)."""
    store = Store(tmp_path / "grid.db", FakeClock(at(2026, 4, 10, 17)))
    store.log_call("rough", at=at(2026, 3, 23, 10, 15))  # Monday 10:15 GMT (10:15 UTC)
    store.log_call("ok", at=at(2026, 3, 23, 10, 45))
    store.log_call("rough", at=at(2026, 3, 30, 10, 15))  # Monday 10:15 BST (09:15 UTC): still hour 10
    store.log_call("rough", at=at(2026, 3, 29, 0, 30))  # Sunday 00:30 GMT
    store.log_call("ok", at=at(2026, 3, 29, 3, 0))  # Sunday 03:00 BST (02:00 UTC)
    store.log_call("great", at=at(2026, 3, 30, 0, 30))  # Monday 00:30 BST: Sunday 23:30 UTC, but Monday here
    yield store
    store.close()


def test_the_hour_grid_uses_local_hours_across_a_dst_change(dst_grid):
    grid = patterns.hour_grid(dst_grid, ["2026-W13", "2026-W14"])
    mon, sun = grid.cells[0], grid.cells[6]
    assert mon[10] == patterns.Cell(calls=3, rough=2) and mon[9] is None
    assert mon[0] == patterns.Cell(calls=1, rough=0)  # a cell with calls but no rough ones is 0, not empty
    assert sun[0] == patterns.Cell(1, 1) and sun[3] == patterns.Cell(1, 0) and sun[2] is None
    assert sun[23] is None
    # Every other cell is empty, not zero.
    assert sum(cell is not None for row in grid.cells for cell in row) == 4
    assert (grid.calls, grid.rough) == (6, 3)
    assert {"weekday": "mon", "hour": 10, "calls": 3, "rough": 2, "rough_share": 0.667} in grid.as_json()
    # Only the first week: the BST Monday is not in it.
    assert patterns.hour_grid(dst_grid, ["2026-W13"]).cells[0][10] == patterns.Cell(2, 1)


def _grid(cells: dict) -> patterns.Grid:
    rows = [[None] * 24 for _ in range(7)]
    for (day, hour), (calls, rough) in cells.items():
        rows[day][hour] = patterns.Cell(calls, rough)
    return patterns.Grid(tuple(tuple(r) for r in rows))


def test_an_hour_that_stands_out_gets_a_note_and_one_on_few_calls_does_not():
    grid = _grid({
        (0, 9): (10, 8),  # Monday 9-10: 80 % rough
        (4, 16): (9, 9),  # Friday 4 pm: all rough, but 9 calls is below hour_min_calls (10)
        (2, 11): (100, 10),
        (3, 11): (81, 3),
    })
    # Over all: 30 rough of 200 calls = 15 %. Monday 9: 80 % >= 2 x 15 %.
    notes = patterns.hour_notes(grid, DEFAULTS)
    assert [n.subject for n in notes] == ["mon 09"]
    assert notes[0].text == ("Mondays 09:00–10:00: 8 of 10 calls were rough (80 %), against 15 % over these "
                             "weeks. If you know why, your team lead may want to hear it.")
    assert [n.subject for n in patterns.hour_notes(grid, {**DEFAULTS, "hour_min_calls": 9})] == ["fri 16", "mon 09"]
    assert patterns.hour_notes(_grid({}), DEFAULTS) == []


# -- own tags through the service ---------------------------------------------------
@pytest.fixture
def service(store, settings):
    return Service(store, settings)


def test_own_tags_are_added_renamed_and_retired_and_old_calls_keep_them(service):
    seen = []
    service.subscribe(lambda e: seen.append(e) if e.change is Change.TAGS_CHANGED else None)
    assert service.add_tag("  Billing ") == "billing"
    service.add_tag("delivery")
    call = service.log_call("rough", tags=["billing", "angry"])
    assert service.own_tags() == ["billing", "delivery"]
    assert service.rename_tag("billing", "Invoices") == "invoices"
    assert service.store.call(call.id).tags == ("angry", "invoices")
    assert service.own_tags() == ["invoices", "delivery"]
    service.retire_tag("invoices")
    assert service.own_tags() == ["delivery"] and service.retired_tags() == ["invoices"]
    assert service.store.call(call.id).tags == ("angry", "invoices")  # the old call keeps it
    assert "invoices" in service.store.tags_in_use()
    service.add_tag("invoices")  # offered again, in its old place
    assert service.own_tags() == ["invoices", "delivery"]
    assert [e.subject for e in seen][-1] == ["invoices", "delivery"] and len(seen) == 5


@pytest.mark.parametrize("name, message", [
    ("x" * 41, "at most 40 characters"),
    ("   ", "cannot be empty"),
    ("Angry", "one of Companion's own tags"),
    ("delivery", "a tag 'delivery' already"),
])
def test_a_bad_new_tag_is_refused_in_plain_words(service, name, message):
    service.add_tag("delivery")
    with pytest.raises(InvalidEntry, match=message):
        service.add_tag(name)
    assert service.own_tags() == ["delivery"]


def test_tags_per_call_and_own_tags_are_limited(service):
    from companion.core.models import OWN_TAGS_MAX, TAGS_PER_CALL

    with pytest.raises(InvalidEntry, match=f"at most {TAGS_PER_CALL} tags"):
        service.log_call("rough", tags=[f"t{n}" for n in range(TAGS_PER_CALL + 1)])
    assert service.store.count_calls() == 0
    for n in range(OWN_TAGS_MAX):
        service.add_tag(f"topic {n}")
    with pytest.raises(InvalidEntry, match="retire one first"):
        service.add_tag("one more")
    with pytest.raises(InvalidEntry, match="no tag 'nope'"):
        service.rename_tag("nope", "other")
    with pytest.raises(InvalidEntry, match="already"):
        service.rename_tag("topic 1", "topic 2")


def test_calls_from_before_the_hour_column_get_their_local_hour(london, tmp_path):
    import sqlite3

    from companion.core.store import MIGRATIONS

    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.executescript(";".join(MIGRATIONS[:3]) + "; PRAGMA user_version=3;")
    # 08:15 UTC on a July Monday is 09:15 in London (BST); in January it is 08:15 (GMT).
    db.execute("INSERT INTO calls (at, day, week, rating) VALUES ('2026-07-06T08:15:00.000000+00:00', "
               "'2026-07-06', '2026-W28', 'rough')")
    db.execute("INSERT INTO calls (at, day, week, rating) VALUES ('2026-01-05T08:15:00.000000+00:00', "
               "'2026-01-05', '2026-W02', 'ok')")
    db.commit()
    db.close()
    store = Store(path, FakeClock(at(2026, 7, 10, 12)))
    try:
        assert store.read("SELECT week, hour FROM calls ORDER BY at") == [("2026-W02", 8), ("2026-W28", 9)]
        assert store.own_tags() == []
        grid = patterns.hour_grid(store, ["2026-W02", "2026-W28"])
        assert grid.cells[0][9] == patterns.Cell(1, 1) and grid.cells[0][8] == patterns.Cell(1, 0)
    finally:
        store.close()
