"""What leaves the weekly review: all weeks as CSV for a spreadsheet, and a
summary for a team lead.

The summary is built only from WeekSignals, which hold counts and averages,
and from what the agent ticks (SummaryExtras): rough calls by the tags they
ticked and the hours that stood out. No note can reach it, because none is
there to begin with; a tag's name only when ticked. Mood, energy and
self-check scores are left out on purpose: they are health information and
stay on this computer."""

from __future__ import annotations

from .files import write_private  # noqa: F401 - exports are written through it

import csv
import io
from collections.abc import Sequence
from datetime import datetime

from .patterns import NO_EXTRAS, SummaryExtras
from .weeks import ALL_KEYS, WeekSignals, week_start

CSV_KEYS = ("week", "week_starts") + ALL_KEYS[1:]
DASH = "–"


def weeks_csv(weeks: Sequence[WeekSignals]) -> str:
    """CSV text, one row per week; empty cells where there is no data."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_KEYS)
    for week in weeks:
        values = week.as_dict()
        values["week_starts"] = week.start.isoformat()
        writer.writerow(["" if values[k] is None else values[k] for k in CSV_KEYS])
    return out.getvalue()


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain fixed-width table: first column left-aligned, numbers right-aligned."""
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    lines = []
    for row in [headers, *rows]:
        cells = [str(row[0]).ljust(widths[0])] + [str(c).rjust(w) for c, w in zip(row[1:], widths[1:])]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def number(value, digits: int = 0, suffix: str = "") -> str:
    if value is None:
        return DASH
    return f"{value:.{digits}f}{suffix}" if isinstance(value, float) else f"{value}{suffix}"


def percent(share: float | None) -> str:
    return DASH if share is None else f"{round(share * 100)} %"


def _day(d) -> str:
    return f"{d.day} {d.strftime('%b')} {d.year}"


SUMMARY_HEADERS = ("Week", "Calls", "Rough", "Rough share", "Great", "Compliments", "Breaks", "Breathing",
                   "Nudges", "Ignored")
SUMMARY_CSV_KEYS = ("week", "week_starts", "calls", "rough", "rough_share", "great", "compliments", "breaks",
                    "breathing_sessions", "nudges", "nudges_ignored")


def _summary_row(w: WeekSignals, extras: SummaryExtras) -> list[str]:
    if not w.has_data:
        return [w.week] + [DASH] * (len(SUMMARY_HEADERS) - 1 + len(extras.tags))
    return [w.week, number(w.calls), number(w.rough), percent(w.rough_share), number(w.great),
            number(w.compliments), number(w.breaks), number(w.breathing_sessions), number(w.nudges),
            number(w.nudges_ignored)] + [number(extras.count(w.week, t)) for t in extras.tags]


def summary_text(weeks: Sequence[WeekSignals], made: datetime, extras: SummaryExtras = NO_EXTRAS) -> str:
    """A plain-text summary, counts and rates only, for the agent to pass on:
    no notes, mood, energy or self-check; tags and hours only as ticked."""
    if not weeks:
        raise ValueError("A summary needs at least one week.")
    first, last = weeks[0], weeks[-1]
    active = [w for w in weeks if w.has_data]
    calls = sum(w.calls for w in active)
    rough = sum(w.rough for w in active)
    total = ["All weeks", number(calls), number(rough), percent(rough / calls if calls else None),
             number(sum(w.great for w in active)), number(sum(w.compliments for w in active)),
             number(sum(w.breaks for w in active)), number(sum(w.breathing_sessions for w in active)),
             number(sum(w.nudges for w in active)), number(sum(w.nudges_ignored for w in active))]
    total += [number(sum(extras.count(w.week, t) for w in active)) for t in extras.tags]
    rows = [_summary_row(w, extras) for w in weeks] + [total]
    headers = SUMMARY_HEADERS + tuple(f"Rough: {t}" for t in extras.tags)
    end = week_start(last.week).toordinal() + 6
    lines = [
        "Companion: weekly summary",
        f"{len(weeks)} weeks, {first.week} to {last.week} "
        f"({_day(first.start)} to {_day(datetime.fromordinal(end).date())}). Made on {_day(made.date())}.",
        "Counts and rates only: no notes, call details, mood, energy or self-check answers are included.",
        "",
        table(headers, rows),
        "",
        "Rough share: rough calls out of all calls logged. Breathing: breathing minutes taken.",
        f"Nudges: break reminders; Ignored: reminders left unanswered. {DASH} means nothing was logged.",
    ]
    if extras.tags:
        lines.append("Rough: <tag>: rough calls that carried that tag (a call can carry more than one).")
    if extras.hours:
        lines += ["", "Hours that stood out over these weeks:"] + [f"- {n.fact}" for n in extras.hours]
    return "\n".join(lines) + "\n"


def summary_csv(weeks: Sequence[WeekSignals], extras: SummaryExtras = NO_EXTRAS) -> str:
    """The same summary as CSV: one row per week, a column per ticked tag;
    the hours that stood out, if ticked, as a second table below."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(SUMMARY_CSV_KEYS + tuple(f"rough_{t}" for t in extras.tags))
    for w in weeks:
        values = w.as_dict()
        values["week_starts"] = w.start.isoformat()
        row = ["" if values[k] is None else values[k] for k in SUMMARY_CSV_KEYS]
        row += [extras.count(w.week, t) if w.has_data else "" for t in extras.tags]
        writer.writerow(row)
    if extras.hours:
        writer.writerow([])
        writer.writerow(("hour_of_week", "rough", "rough_share_over_all_weeks", "what_stood_out"))
        for n in extras.hours:
            writer.writerow((n.subject, n.count, round(n.usual, 3), n.fact))
    return out.getvalue()
