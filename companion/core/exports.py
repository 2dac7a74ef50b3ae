"""What leaves the weekly review: all weeks as CSV for a spreadsheet, and a
summary for a team lead.

The summary is built only from WeekSignals, which hold counts and averages:
no note, tag text or self-check answer can reach it, because none is there
to begin with. Self-check scores are left out on purpose; they are health
information and stay on this computer."""

from __future__ import annotations

from .files import write_private  # noqa: F401 - exports are written through it

import csv
import io
from collections.abc import Sequence
from datetime import datetime

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


SUMMARY_HEADERS = ("Week", "Calls", "Rough", "Rough share", "Great", "Compliments", "Avg mood",
                   "Breaks", "Breathing", "Nudges", "Ignored", "Energy")


def _summary_row(w: WeekSignals) -> list[str]:
    if not w.has_data:
        return [w.week] + [DASH] * (len(SUMMARY_HEADERS) - 1)
    return [w.week, number(w.calls), number(w.rough), percent(w.rough_share), number(w.great),
            number(w.compliments), number(w.avg_mood, 1), number(w.breaks), number(w.breathing_sessions),
            number(w.nudges), number(w.nudges_ignored), number(w.energy_avg, 1)]


def summary_text(weeks: Sequence[WeekSignals], made: datetime) -> str:
    """A plain-text summary, counts and rates only, for the agent to pass on."""
    if not weeks:
        raise ValueError("A summary needs at least one week.")
    first, last = weeks[0], weeks[-1]
    active = [w for w in weeks if w.has_data]
    calls = sum(w.calls for w in active)
    rough = sum(w.rough for w in active)
    total = ["All weeks", number(calls), number(rough), percent(rough / calls if calls else None),
             number(sum(w.great for w in active)), number(sum(w.compliments for w in active)), "",
             number(sum(w.breaks for w in active)), number(sum(w.breathing_sessions for w in active)),
             number(sum(w.nudges for w in active)), number(sum(w.nudges_ignored for w in active)), ""]
    rows = [_summary_row(w) for w in weeks] + [total]
    end = week_start(last.week).toordinal() + 6
    lines = [
        "Companion: weekly summary",
        f"{len(weeks)} weeks, {first.week} to {last.week} "
        f"({_day(first.start)} to {_day(datetime.fromordinal(end).date())}). Made on {_day(made.date())}.",
        "Counts and rates only: no notes, call details or self-check answers are included.",
        "",
        table(SUMMARY_HEADERS, rows),
        "",
        "Rough share: rough calls out of all calls logged. Avg mood and Energy run from 1 (low) to 5 (good);",
        "Energy is the answer to \"how much energy is left for your evening?\". Breathing: breathing minutes",
        f"taken. Nudges: break reminders; Ignored: reminders left unanswered. {DASH} means nothing was logged.",
    ]
    return "\n".join(lines) + "\n"
