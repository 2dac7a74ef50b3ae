"""What drives the rough calls and when they come: rough calls by tag per
week, an hour-by-weekday grid of rough share, and plain notes when a tag or
an hour stands out. Every count is one GROUP BY inside SQLite.

The hour of a call is its local wall-clock hour, written with the call as its
week and day are, so a 9 o'clock call is at 9 in summer and in winter and a
later change of time zone moves nothing; the weekday comes from that `day`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .store import Store
from .weeks import week_labels, week_name

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SHORT_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
HOURS = 24
# At most this many "hours that stand out" notes: the strongest first.
HOUR_NOTES_SHOWN = 3
# A usual weekly count needs at least this many earlier weeks with calls in them.
MIN_BASE_WEEKS = 2

_ROUGH_TAGS = """
    SELECT c.week, t.tag, count(*) FROM calls c JOIN call_tags t ON t.call_id = c.id
    WHERE c.week BETWEEN ? AND ? AND c.rating = 'rough' GROUP BY c.week, t.tag"""

# Per local day and hour (the calls_hours index covers it); the weekday of each
# day is worked out in Python, once a day rather than once a call. A row
# written without an hour (by hand) gets its hour from the computer's zone.
_GRID = """
    SELECT day, coalesce(hour, CAST(strftime('%H', at, 'localtime') AS INTEGER)),
           count(*), count(CASE WHEN rating = 'rough' THEN 1 END)
    FROM calls WHERE week BETWEEN ? AND ? GROUP BY day, 2"""

_WEEKS_WITH_CALLS = "SELECT DISTINCT week FROM calls WHERE week BETWEEN ? AND ?"

QUERIES = {"rough_tags": _ROUGH_TAGS, "grid": _GRID}


def rough_tags(store: Store, labels: Sequence[str]) -> dict[str, dict[str, int]]:
    """week -> {tag: rough calls carrying it}, for every label (empty dict: none)."""
    found: dict[str, dict[str, int]] = {label: {} for label in labels}
    if labels:
        for week, tag, count in store.read(_ROUGH_TAGS, (min(labels), max(labels))):
            if week in found:
                found[week][tag] = count
    return found


@dataclass(frozen=True)
class Cell:
    calls: int
    rough: int

    @property
    def share(self) -> float:
        return self.rough / self.calls


@dataclass(frozen=True)
class Grid:
    """cells[weekday][hour] is a Cell, or None where no call was logged."""

    cells: tuple[tuple[Cell | None, ...], ...]

    @property
    def calls(self) -> int:
        return sum(c.calls for row in self.cells for c in row if c)

    @property
    def rough(self) -> int:
        return sum(c.rough for row in self.cells for c in row if c)

    @property
    def share(self) -> float | None:
        return self.rough / self.calls if self.calls else None

    def hours_used(self) -> range:
        """The hours from the first to the last that hold any call (9..17 for a day job)."""
        used = [h for row in self.cells for h, c in enumerate(row) if c]
        return range(min(used), max(used) + 1) if used else range(9, 18)

    def as_json(self) -> list[dict[str, Any]]:
        return [{"weekday": SHORT_DAYS[d].lower(), "hour": h, "calls": c.calls, "rough": c.rough,
                 "rough_share": round(c.share, 3)}
                for d, row in enumerate(self.cells) for h, c in enumerate(row) if c]


def hour_grid(store: Store, labels: Sequence[str]) -> Grid:
    counts = [[[0, 0] for _ in range(HOURS)] for _ in DAYS]
    weekday: dict[str, int] = {}
    if labels:
        for day, hour, calls, rough in store.read(_GRID, (min(labels), max(labels))):
            if day not in weekday:
                weekday[day] = date.fromisoformat(day).weekday()
            cell = counts[weekday[day]][hour]
            cell[0] += calls
            cell[1] += rough
    cells = [[Cell(*c) if c[0] else None for c in row] for row in counts]
    return Grid(tuple(tuple(row) for row in cells))


@dataclass(frozen=True)
class Note:
    key: str  # tag_spike or hour
    subject: str  # the tag, or "mon 09"
    week: str
    text: str  # the note as the agent reads it, with what to do with it
    count: int
    usual: float
    fact: str = ""  # the numbers alone, as the team-lead summary gives them


def _about(value: float) -> str:
    return str(round(value))


def tag_notes(store: Store, weeks: Sequence[str], settings: Mapping[str, Any],
              has_data: Sequence[str] | None = None) -> list[Note]:
    """A note for each tag that spiked in the latest week with calls among `weeks`.

    Spiked: on at least spike_min_rough rough calls that week and at least
    spike_ratio times its weekly average over the spike_base_weeks weeks
    before (the weeks with calls in them; fewer than MIN_BASE_WEEKS of those
    and there is no usual to compare with, so no note)."""
    if not weeks:
        return []
    base_count = int(settings["spike_base_weeks"])
    span = week_labels(weeks[-1], len(weeks) + base_count)
    busy = set(has_data) if has_data is not None else {
        w for (w,) in store.read(_WEEKS_WITH_CALLS, (span[0], span[-1]))}
    shown = [w for w in weeks if w in busy]
    if not shown:
        return []
    this = shown[-1]
    at = span.index(this)
    base = [w for w in span[max(0, at - base_count):at] if w in busy]
    if len(base) < MIN_BASE_WEEKS:
        return []
    counts = rough_tags(store, [*base, this])
    notes = []
    for tag, count in sorted(counts[this].items(), key=lambda kv: (-kv[1], kv[0])):
        usual = sum(counts[w].get(tag, 0) for w in base) / len(base)
        if count < settings["spike_min_rough"] or count < settings["spike_ratio"] * usual:
            continue
        fact = f"'{tag}' came up on {count} rough calls in {week_name(this)}, against about {_about(usual)} a week before."
        text = f"{fact} If something changed, your team lead may want to know."
        notes.append(Note("tag_spike", tag, this, text, count, usual, fact))
    return notes


def hour_notes(grid: Grid, settings: Mapping[str, Any]) -> list[Note]:
    """Hours of a weekday whose rough share is at least hour_ratio times the
    share over all the grid, on at least hour_min_calls calls."""
    overall = grid.share
    if not overall:
        return []
    found = []
    for day, row in enumerate(grid.cells):
        for hour, cell in enumerate(row):
            if cell and cell.calls >= settings["hour_min_calls"] and cell.share >= settings["hour_ratio"] * overall:
                found.append((cell.share, day, hour, cell))
    found.sort(key=lambda f: (-f[0], f[1], f[2]))
    notes = []
    for share, day, hour, cell in found[:HOUR_NOTES_SHOWN]:
        fact = (f"{DAYS[day]}s {hour:02d}:00–{(hour + 1) % 24:02d}:00: {cell.rough} of {cell.calls} calls were "
                f"rough ({round(100 * share)} %), against {round(100 * overall)} % over these weeks.")
        text = f"{fact} If you know why, your team lead may want to hear it."
        notes.append(Note("hour", f"{SHORT_DAYS[day].lower()} {hour:02d}", "", text, cell.rough, overall, fact))
    return notes


@dataclass(frozen=True)
class Patterns:
    weeks: tuple[str, ...]
    rough_tags: dict[str, dict[str, int]]
    grid: Grid
    notes: tuple[Note, ...]

    @property
    def tags(self) -> list[str]:
        """Every tag on a rough call in these weeks, the most frequent first."""
        totals: dict[str, int] = {}
        for counts in self.rough_tags.values():
            for tag, n in counts.items():
                totals[tag] = totals.get(tag, 0) + n
        return sorted(totals, key=lambda t: (-totals[t], t))


def patterns(store: Store, weeks: Sequence[str], settings: Mapping[str, Any]) -> Patterns:
    grid = hour_grid(store, weeks)
    notes = tag_notes(store, weeks, settings) + hour_notes(grid, settings)
    return Patterns(tuple(weeks), rough_tags(store, weeks), grid, tuple(notes))


@dataclass(frozen=True)
class SummaryExtras:
    """What the agent ticked in the preview: rough calls by these tags, and
    the hours that stood out. Nothing is ticked unless they tick it."""

    tags: tuple[str, ...] = ()
    rough_tags: Mapping[str, Mapping[str, int]] = field(default_factory=dict)  # week -> tag -> count
    hours: tuple[Note, ...] = ()

    def count(self, week: str, tag: str) -> int:
        return self.rough_tags.get(week, {}).get(tag, 0)


NO_EXTRAS = SummaryExtras()


def summary_extras(store: Store, weeks: Sequence[str], settings: Mapping[str, Any], tags: Sequence[str] = (),
                   hours: bool = False):
    """What the team-lead summary adds for the ticked `tags` (and, if `hours`,
    the hours that stood out): counts only, never a note."""
    from .models import check_tags

    ticked = tuple(check_tags(tags))
    counts = rough_tags(store, weeks) if ticked else {}
    kept = {w: {t: n for t, n in c.items() if t in ticked} for w, c in counts.items()}
    found = tuple(hour_notes(hour_grid(store, weeks), settings)) if hours else ()
    return SummaryExtras(ticked, kept, found)
