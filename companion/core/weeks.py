"""Signals per local ISO week, for the weekly review, `companion stats` and
the exports.

Each signal is one GROUP BY over an indexed `week` column that the store
fills in (in local time) when a row is written, so three years of calls are
summed inside SQLite and never loaded into Python row by row. The week a
moment belongs to is decided once, at write time: a later change of time zone
or a DST switch cannot move old calls between weeks.

A week with no rows at all comes back with every value None (an empty row in
the table and a gap in the chart). In a week with some activity, counts are
whole numbers (0 breaks is itself worth seeing) and averages or shares are
None when there was nothing to average."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields, replace
from datetime import date, datetime, timedelta
from typing import Any

from .clock import iso_week
from .store import Store

# The keys of `companion stats --json`, in order. Kept stable for scripts.
JSON_KEYS = (
    "week", "calls", "rough", "ok", "great", "rough_share", "avg_mood", "longest_rough_run",
    "breaks", "breathing_sessions", "nudges", "nudges_ignored", "compliments", "energy_avg",
    "breath_mood_change", "self_check",
)


@dataclass(frozen=True)
class WeekSignals:
    week: str
    calls: int | None = None
    rough: int | None = None
    ok: int | None = None
    great: int | None = None
    rough_share: float | None = None  # 0..1
    avg_mood: float | None = None  # 1..5
    longest_rough_run: int | None = None
    breaks: int | None = None
    breathing_sessions: int | None = None
    nudges: int | None = None
    nudges_accepted: int | None = None
    nudges_snoozed: int | None = None
    nudges_ignored: int | None = None
    compliments: int | None = None
    checkins: int | None = None  # evenings with an energy answer
    energy_avg: float | None = None  # 1..5
    breath_mood_change: float | None = None  # mood after minus before, -4..4
    self_check: float | None = None  # 0..100, the week's latest
    days: int | None = None  # days with a call logged
    so_far: bool = False  # the week now running: not over yet

    @property
    def has_data(self) -> bool:
        return self.calls is not None

    @property
    def start(self) -> date:
        return week_start(self.week)

    def as_dict(self, keys: Sequence[str] | None = None, rounded: bool = True) -> dict[str, Any]:
        values = asdict(self)
        if rounded:
            values = {k: _round(k, v) for k, v in values.items()}
        return {k: values[k] for k in (keys or ALL_KEYS)}


# What the exports hold: the signals, not how far the week has got.
ALL_KEYS = tuple(f.name for f in fields(WeekSignals) if f.name not in ("days", "so_far"))
_COUNTS = tuple(
    f.name for f in fields(WeekSignals)
    if f.name not in ("week", "rough_share", "avg_mood", "energy_avg", "breath_mood_change", "self_check", "so_far")
)


def _round(key: str, value: Any) -> Any:
    if not isinstance(value, float):
        return value
    return round(value, 3 if key == "rough_share" else 2)


# -- week labels ------------------------------------------------------------
def week_start(label: str) -> date:
    """The Monday of an ISO week label such as '2026-W48'."""
    year, _, week = label.partition("-W")
    return date.fromisocalendar(int(year), int(week), 1)


def label_of(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_name(label: str) -> str:
    """How a person names a week: 'the week of 16 Nov 2026'."""
    monday = week_start(label)
    return f"the week of {monday.day} {monday.strftime('%b')} {monday.year}"


def week_labels(last: str, count: int) -> list[str]:
    """`count` consecutive weeks ending with `last`, oldest first.
    Stepping by calendar days, not hours, keeps DST out of the arithmetic."""
    end = week_start(last)
    return [label_of(end - timedelta(weeks=n)) for n in range(count - 1, -1, -1)]


def labels_between(first: str, last: str) -> list[str]:
    span = (week_start(last) - week_start(first)).days // 7
    return week_labels(last, span + 1) if span >= 0 else []


# -- the queries ---------------------------------------------------------------
_CALLS = """
    SELECT week, count(*),
           count(CASE WHEN rating = 'rough' THEN 1 END),
           count(CASE WHEN rating = 'ok' THEN 1 END),
           count(CASE WHEN rating = 'great' THEN 1 END),
           avg(mood)
    FROM calls WHERE week BETWEEN ? AND ? GROUP BY week"""

# The calls_review index (week, day, ...) answers this one by itself.
_DAYS = "SELECT week, count(DISTINCT day) FROM calls WHERE week BETWEEN ? AND ? GROUP BY week"

_COMPLIMENTS = """
    SELECT c.week, count(*) FROM call_tags t JOIN calls c ON c.id = t.call_id
    WHERE t.tag = 'compliment' AND c.week BETWEEN ? AND ? GROUP BY c.week"""

# Gaps and islands: counting the calmer calls so far that day gives every
# call in an unbroken run of rough calls the same island number. A night's
# rest ends a run. (week, day) rather than day alone, so the calls_review
# index already delivers the rows in window order.
_LONGEST_RUN = """
    WITH placed AS (
        SELECT week, day, rating,
               sum(rating <> 'rough') OVER (PARTITION BY week, day ORDER BY at ROWS UNBOUNDED PRECEDING) AS island
        FROM calls WHERE week BETWEEN ? AND ?
    ), runs AS (
        SELECT week, count(*) AS length FROM placed WHERE rating = 'rough' GROUP BY week, day, island
    )
    SELECT week, max(length) FROM runs GROUP BY week"""

_BREATHS = """
    SELECT week, count(*), avg(mood_after - mood_before)
    FROM breaths WHERE week BETWEEN ? AND ? GROUP BY week"""

_BREAKS = "SELECT week, count(*) FROM breaks WHERE week BETWEEN ? AND ? GROUP BY week"

_NUDGES = """
    SELECT week, count(*),
           count(CASE WHEN answer = 'breathe' THEN 1 END),
           count(CASE WHEN answer = 'snooze' THEN 1 END),
           count(CASE WHEN answer = 'ignored' THEN 1 END)
    FROM nudges WHERE week BETWEEN ? AND ? GROUP BY week"""

_CHECKINS = """
    SELECT week, count(energy), avg(energy)
    FROM checkins WHERE week BETWEEN ? AND ? GROUP BY week"""

_SELFCHECKS = """
    SELECT week, score FROM (
        SELECT week, score, row_number() OVER (PARTITION BY week ORDER BY at DESC, id DESC) AS n
        FROM selfchecks WHERE week BETWEEN ? AND ?
    ) WHERE n = 1"""

_DATA_SPAN = """
    SELECT min(lo), max(hi) FROM (
        SELECT min(week) AS lo, max(week) AS hi FROM calls
        UNION ALL SELECT min(week), max(week) FROM breaths
        UNION ALL SELECT min(week), max(week) FROM breaks
        UNION ALL SELECT min(week), max(week) FROM nudges
        UNION ALL SELECT min(week), max(week) FROM checkins
        UNION ALL SELECT min(week), max(week) FROM selfchecks)"""

# The indexed queries, for tests that check SQLite really uses the indexes.
QUERIES = {
    "calls": _CALLS, "days": _DAYS, "compliments": _COMPLIMENTS, "longest_run": _LONGEST_RUN, "breaths": _BREATHS,
    "breaks": _BREAKS, "nudges": _NUDGES, "checkins": _CHECKINS, "selfchecks": _SELFCHECKS,
}


def signals(store: Store, labels: Sequence[str]) -> list[WeekSignals]:
    """One WeekSignals per label, in the order given (labels are consecutive weeks)."""
    if not labels:
        return []
    span = (min(labels), max(labels))
    found: dict[str, dict[str, Any]] = {}

    def take(sql: str, names: Sequence[str]) -> None:
        for week, *values in store.read(sql, span):
            row = found.setdefault(week, {})
            row.update(zip(names, values))

    take(_CALLS, ("calls", "rough", "ok", "great", "avg_mood"))
    take(_DAYS, ("days",))
    take(_COMPLIMENTS, ("compliments",))
    take(_LONGEST_RUN, ("longest_rough_run",))
    take(_BREATHS, ("breathing_sessions", "breath_mood_change"))
    take(_BREAKS, ("breaks",))
    take(_NUDGES, ("nudges", "nudges_accepted", "nudges_snoozed", "nudges_ignored"))
    take(_CHECKINS, ("checkins", "energy_avg"))
    take(_SELFCHECKS, ("self_check",))

    out = []
    for label in labels:
        row = found.get(label)
        if row is None:
            out.append(WeekSignals(label))
            continue
        values = {key: 0 for key in _COUNTS}
        values.update(row)
        calls = values["calls"]
        values["rough_share"] = values["rough"] / calls if calls else None
        out.append(WeekSignals(label, **values))
    return out


def _mark_so_far(weeks: list[WeekSignals], now: datetime) -> list[WeekSignals]:
    """The week `now` falls in is not over: marked so, to be read as "so far"."""
    this_week = iso_week(now)
    return [replace(w, so_far=True) if w.week == this_week else w for w in weeks]


def recent(store: Store, now: datetime, count: int) -> list[WeekSignals]:
    """The `count` weeks up to and including the one `now` falls in (marked so_far)."""
    return _mark_so_far(signals(store, week_labels(iso_week(now), count)), now)


def all_weeks(store: Store, now: datetime) -> list[WeekSignals]:
    """Every week from the first thing ever logged up to this week."""
    lo, hi = store.read(_DATA_SPAN)[0]
    this_week = iso_week(now)
    first = min(lo or this_week, this_week)
    last = max(hi or this_week, this_week)
    return _mark_so_far(signals(store, labels_between(first, last)), now)
