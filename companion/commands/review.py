"""`companion review`: open the weekly review window: in the running tray
app when there is one (its window, already loaded, opens at once), else on
its own. `--png PATH` saves the chart instead, for a script or a scheduled report."""

from __future__ import annotations

import argparse
import os
import sys

from companion.service.service import WEEKS_RANGE

from .stats import open_data, weeks_count

# The range the weeks box and the setting allow, read from the settings schema.
LOW, HIGH = WEEKS_RANGE


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "review",
        help="Open the weekly review: your weeks side by side.",
        description="Open the weekly review window: mood, rough calls, breaks and the self-check, week by week.",
    )
    p.add_argument("--weeks", type=weeks_count, metavar="N", help=f"How many weeks to show ({LOW} to {HIGH}).")
    p.add_argument("--png", metavar="PATH", help="Save the chart as a PNG picture and exit, without a window.")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.weeks is not None and not LOW <= args.weeks <= HIGH:
        print(f"companion review: the review shows {LOW} to {HIGH} weeks.", file=sys.stderr)
        return 2
    if not args.png:
        from companion.ipc import client

        handed = client.hand_over({"cmd": "review", "weeks": args.weeks}, "review")
        if handed is not None:
            return handed  # the tray app opened (or raised) its own review window, or said why not
    opened = open_data("review")
    if opened is None:
        return 1
    store, settings, clock = opened
    if args.png:
        # Nothing is shown, so no screen is needed: this works over ssh and in cron too.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from companion.platform.display import require_desktop_session

    require_desktop_session()
    from PySide6.QtWidgets import QApplication

    from companion.ui.review import ReviewWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("companion")
    window = ReviewWindow(store, settings, clock, weeks=args.weeks, chart_later=True)
    try:
        if args.png:
            try:
                written = window.export_png(args.png)
            except OSError as exc:
                print(f"companion review: {exc}", file=sys.stderr)
                return 1
            print(f"Saved the chart to {written}.")
            return 0
        window.show()
        return app.exec()
    finally:
        window.deleteLater()
        store.close()
