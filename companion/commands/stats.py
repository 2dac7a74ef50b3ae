"""`companion stats [--weeks N] [--json]`: your weeks as a table, or as JSON
for scripts. Plain Python and read-only: it never waits for the tray app."""

from __future__ import annotations

import argparse
import json

from companion.commands.arguments import whole_number
from companion.core.settings import BY_KEY

MAX_WEEKS = 520
weeks_count = whole_number("weeks", 1, MAX_WEEKS)


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "stats",
        help="Show your weeks: calls, rough share, mood, breaks, nudges and more.",
        description="Show the signals of the weekly review, one row per week, this week last. "
        "Weeks with nothing logged show a dash (null in JSON).",
    )
    add_weeks_and_json(p, "show", "Print a JSON list with one object per week.", run)


def add_weeks_and_json(p, verb: str, json_help: str, run) -> None:
    """--weeks N and --json, as `stats` and `patterns` take them."""
    p.add_argument("--weeks", type=weeks_count, metavar="N",
                   help=f"How many weeks to {verb}, this one included (default: the review setting, "
                   f"{BY_KEY['review_weeks'].default}).")
    p.add_argument("--json", action="store_true", help=json_help)
    p.set_defaults(run=run)


def open_data(command: str):
    """(store, settings, clock) for a command, or None after saying plainly why not."""
    from companion.commands.data import open_store
    from companion.core.paths import settings_path
    from companion.core.settings import Settings

    store = open_store(command)
    if store is None:
        return None
    return store, Settings(settings_path()), store.clock


def reading(command: str, read):
    """read(store, settings, clock) on the data file, closed afterwards, with the
    settings; None (after saying why) when the file cannot be opened."""
    opened = open_data(command)
    if opened is None:
        return None
    store, settings, clock = opened
    try:
        return read(store, settings, clock), settings
    finally:
        store.close()


def stats_table(weeks) -> str:
    from companion.core.exports import DASH, number, percent, table

    headers = ("Week", "Calls", "Rough", "OK", "Great", "Rough share", "Avg mood", "Longest rough run",
               "Breaks", "Breathing", "Nudges", "Ignored", "Compliments", "Energy", "Breath mood change",
               "Self-check")
    rows = []
    for w in weeks:
        if not w.has_data:
            rows.append([w.week] + [DASH] * (len(headers) - 1))
            continue
        change = DASH if w.breath_mood_change is None else f"{w.breath_mood_change:+.1f}"
        rows.append([w.week, number(w.calls), number(w.rough), number(w.ok), number(w.great),
                     percent(w.rough_share), number(w.avg_mood, 1), number(w.longest_rough_run),
                     number(w.breaks), number(w.breathing_sessions), number(w.nudges), number(w.nudges_ignored),
                     number(w.compliments), number(w.energy_avg, 1), change, number(w.self_check, 0)])
    return table(headers, rows)


def run(args: argparse.Namespace) -> int:
    from companion.core.flags import find_flags
    from companion.core.patterns import rough_tags
    from companion.core.weeks import JSON_KEYS, recent

    def read(store, settings, clock):
        weeks = recent(store, clock.now(), args.weeks or settings["review_weeks"])
        return weeks, (rough_tags(store, [w.week for w in weeks]) if args.json else {})

    done = reading("stats", read)
    if done is None:
        return 1
    (weeks, by_tag), settings = done
    if args.json:
        # rough_tags: tag -> rough calls carrying it; null for a week with nothing logged.
        print(json.dumps([{**w.as_dict(JSON_KEYS), "rough_tags": by_tag[w.week] if w.has_data else None}
                          for w in weeks], indent=2))
        return 0
    print(stats_table(weeks))
    flags = find_flags(weeks, settings)
    if flags:
        print()
        print("Worth noticing:")
        for flag in flags:
            print(f"- {flag.title}. {flag.detail}")
            if flag.help:
                print(f"  {flag.help}")
    return 0
