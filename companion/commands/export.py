"""`companion export --csv PATH` and `companion export --summary PATH`: the
weekly review's exports from the command line. PATH may be '-' for the
terminal. The summary holds counts and rates only, never notes."""

from __future__ import annotations

import argparse
import sys

from .stats import open_data, weeks_count


def tag_list(text: str) -> tuple[str, ...]:
    from companion.core.models import InvalidEntry, check_tags

    try:
        return tuple(check_tags(t for t in text.split(",") if t.strip()))
    except InvalidEntry as exc:
        raise argparse.ArgumentTypeError(str(exc).rstrip(".")) from None


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "export",
        help="Save your weeks as CSV, or a summary for your team lead.",
        description="Save every week as CSV for a spreadsheet, and/or a plain-text summary for your "
        "team lead (counts and rates only: no notes, no call details, no self-check answers). "
        "Use '-' as PATH to print instead.",
    )
    p.add_argument("--csv", metavar="PATH", help="Write all weeks, from the first one logged, as CSV.")
    p.add_argument("--summary", metavar="PATH",
                   help="Write the summary for your team lead: as CSV if PATH ends in .csv, else as text.")
    p.add_argument("--tags", type=tag_list, default=(), metavar="TAG,TAG",
                   help="Add rough calls by these tags to the summary, week by week (none unless named).")
    p.add_argument("--hours", action="store_true", help="Add the hours that stood out to the summary.")
    p.add_argument("--all", metavar="PATH", dest="everything",
                   help="Write everything Companion holds, notes included, as one JSON file (private to you).")
    p.add_argument("--weeks", type=weeks_count, metavar="N",
                   help="How many weeks the summary covers, this one included (default: the review setting).")
    p.set_defaults(run=run, parser=p)


def run(args: argparse.Namespace) -> int:
    if not args.csv and not args.summary and not args.everything:
        args.parser.error("say what to export: --csv PATH, --summary PATH and/or --all PATH")
    if (args.tags or args.hours) and not args.summary:
        args.parser.error("--tags and --hours add to the summary: give --summary PATH too")
    from companion.core.exports import summary_csv, summary_text, weeks_csv, write_private
    from companion.core.patterns import summary_extras
    from companion.core.weeks import all_weeks, recent

    opened = open_data("export")
    if opened is None:
        return 1
    store, settings, clock = opened
    now = clock.now()
    try:
        jobs = []
        if args.csv:
            every = all_weeks(store, now)
            jobs.append((args.csv, weeks_csv(every), f"all {len(every)} weeks as CSV"))
        if args.summary:
            shown = recent(store, now, args.weeks or settings["review_weeks"])
            extras = summary_extras(store, [w.week for w in shown], settings, args.tags, args.hours)
            if args.summary.lower().endswith(".csv"):
                text, kind = summary_csv(shown, extras), " as CSV"
            else:
                text, kind = summary_text(shown, now, extras), ""
            jobs.append((args.summary, text, f"the summary of {len(shown)} weeks{kind}"))
        if args.everything:
            from companion.core.exports_all import export_all

            try:
                counts = export_all(store, settings, args.everything)
            except OSError as exc:
                print(f"companion export: everything could not be saved to {args.everything}: "
                      f"{exc.strerror or exc}.", file=sys.stderr)
                return 1
            listed = ", ".join(f"{n} {kind}" for kind, n in counts.items())
            print(f"Saved everything ({listed}) to {args.everything}. It includes your notes: keep it private.")
    finally:
        store.close()
    for path, text, what in jobs:
        if path == "-":
            sys.stdout.write(text)
            continue
        try:
            written = write_private(path, text)
        except OSError as exc:
            print(f"companion export: {what} could not be saved to {path}: {exc.strerror or exc}.",
                  file=sys.stderr)
            return 1
        print(f"Saved {what} to {written}.")
    return 0
