"""`companion patterns [--weeks N] [--json]`: when the rough calls come (an
hour-by-weekday grid of rough share) and the notes on tags and hours that
stand out. Read-only, like `companion stats`."""

from __future__ import annotations

import argparse
import json

from .stats import add_weeks_and_json, reading


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "patterns",
        help="Show when your rough calls come, and which tags and hours stand out.",
        description="Show the share of rough calls by hour and weekday over the weeks shown "
        "(a dot where nothing was logged), rough calls by tag, and a note for each tag or hour "
        "that stands out.",
    )
    add_weeks_and_json(p, "look at", "Print the grid, the tags and the notes as JSON.", run)


def grid_table(grid) -> str:
    from companion.core.exports import table
    from companion.core.patterns import SHORT_DAYS

    hours = grid.hours_used()
    rows = []
    for day, cells in enumerate(grid.cells):
        rows.append([SHORT_DAYS[day]] + ["." if cells[h] is None else f"{round(100 * cells[h].share)}"
                                         for h in hours])
    return table(["Rough %"] + [f"{h:02d}" for h in hours], rows)


def run(args: argparse.Namespace) -> int:
    from companion.core.clock import iso_week
    from companion.core.patterns import patterns
    from companion.core.weeks import week_labels

    def read(store, settings, clock):
        labels = week_labels(iso_week(clock.now()), args.weeks or settings["review_weeks"])
        return labels, patterns(store, labels, settings)

    done = reading("patterns", read)
    if done is None:
        return 1
    (labels, found), _ = done
    if args.json:
        print(json.dumps({
            "weeks": list(found.weeks),
            "rough_share": found.grid.share and round(found.grid.share, 3),
            "grid": found.grid.as_json(),
            "rough_tags": found.rough_tags,
            "notes": [{"kind": n.key, "subject": n.subject, "week": n.week or None, "text": n.text}
                      for n in found.notes],
        }, indent=2))
        return 0
    print(f"When the rough calls came, {labels[0]} to {labels[-1]}: the share of each hour's calls "
          "that were rough, in per cent ('.' where no call was logged).")
    print()
    print(grid_table(found.grid))
    if found.tags:
        print()
        print("Rough calls by tag over these weeks: " + ", ".join(
            f"{t} {sum(c.get(t, 0) for c in found.rough_tags.values())}" for t in found.tags) + ".")
    print()
    if found.notes:
        print("Worth passing on:")
        for note in found.notes:
            print(f"- {note.text}")
    else:
        print("No tag or hour stands out in these weeks.")
    return 0
