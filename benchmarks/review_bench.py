"""How long the weekly review takes on a big store: three years of work
(about 250 work days a year, 80 calls a day), plus the breaks, breaths,
nudges, check-ins and self-checks that go with them.

Measures, in one fresh process (so pyqtgraph's import is counted once, as
the agent feels it on the first open):
  - computing every week from the first entry to now (median of 5 runs);
  - what the patterns add to that: rough calls by tag for every week, the
    hour-by-weekday grid over every week and the spike notes (median of 5);
  - opening the review window the first time, as the tray does: when it is
    on screen with the week's numbers, flags and wins, and when its chart
    is drawn (pyqtgraph and numpy imported, built, painted); then a second
    time (warm).

Prints a readable report, then one JSON line for benchmarks/run.py:
{"weeks_s": ..., "open_s": ..., ...}. This is a benchmark, not a test:
nothing here compares a figure with a goal.

    python3 benchmarks/review_bench.py [--smoke] [--keep PATH]

With --keep PATH and a database already at PATH, that one is used as it is
(run.py fills it once, then opens the window in several fresh processes).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from companion.core.clock import FakeClock, iso_week, to_text  # noqa: E402
from companion.core.store import Store  # noqa: E402

CALLS_PER_DAY = 80
TAGS = ("billing", "delivery", "login", "refund", "angry", "abusive", "escalated")
NOW = datetime(2026, 11, 26, 17, 0)


def fill(path: Path, days: int, seed: int = 3) -> int:
    """Write the data straight into SQLite in one transaction: the store's own
    write path commits (and fsyncs) every call, which would take an hour here."""
    Store(path, FakeClock(NOW)).close()
    rnd = random.Random(seed)
    db = sqlite3.connect(path)
    calls, tags, breaks, breaths, nudges, checkins, selfchecks = [], [], [], [], [], [], []
    call_id = 0
    day = NOW.date() - timedelta(days=days)
    while day <= NOW.date():
        if day.weekday() < 5:
            start = datetime.combine(day, datetime.min.time()).replace(hour=9).astimezone()

            def stamp(minutes: float):
                moment = start + timedelta(minutes=minutes)
                return to_text(moment), moment.date().isoformat(), iso_week(moment)

            for n in range(CALLS_PER_DAY):
                call_id += 1
                r = rnd.random()
                rating = "rough" if r < 0.3 else ("great" if r > 0.85 else "ok")
                mood = rnd.randint(1, 5) if rnd.random() < 0.6 else None
                calls.append((call_id, *stamp(n * 6), rating, mood, "", (start + timedelta(minutes=n * 6)).hour))
                if rating == "rough" and rnd.random() < 0.5:
                    # Half the rough calls tagged: the agent's own topics and the built-in tags.
                    tags.append((call_id, rnd.choice(TAGS)))
                elif rating != "rough" and rnd.random() < 0.1:
                    tags.append((call_id, "compliment"))
            for minutes in (150, 330):
                at, d, w = stamp(minutes)
                breaks.append((at, stamp(minutes + 15)[0], d, w))
            for minutes in (60, 200, 400):
                at, d, w = stamp(minutes)
                breaths.append((at, d, w, "cyclic_sigh", 60, 1, rnd.randint(1, 3), rnd.randint(2, 5)))
            for minutes in (100, 300):
                at, d, w = stamp(minutes)
                nudges.append((at, d, w, "rough_streak", rnd.choice(["breathe", "snooze", "ignored", "not_now"])))
            checkins.append((*stamp(520), rnd.randint(1, 5)))
            if day.weekday() == 2 and day.isocalendar()[1] % 4 == 0:
                selfchecks.append((*stamp(480), "bench", rnd.uniform(20, 80), "{}"))
        day += timedelta(days=1)
    with db:
        db.executemany("INSERT INTO calls (id, at, day, week, rating, mood, note, hour) VALUES (?,?,?,?,?,?,?,?)", calls)
        db.executemany("INSERT INTO call_tags (call_id, tag) VALUES (?,?)", tags)
        db.executemany("INSERT INTO breaks (started_at, ended_at, day, week) VALUES (?,?,?,?)", breaks)
        db.executemany("""INSERT INTO breaths (started_at, day, week, pattern, planned_seconds, completed,
                          mood_before, mood_after) VALUES (?,?,?,?,?,?,?,?)""", breaths)
        db.executemany("INSERT INTO nudges (at, day, week, reason, answer) VALUES (?,?,?,?,?)", nudges)
        db.executemany("INSERT INTO checkins (at, day, week, energy) VALUES (?,?,?,?)", checkins)
        db.executemany("INSERT INTO selfchecks (at, day, week, instrument, score, answers) VALUES (?,?,?,?,?,?)",
                       selfchecks)
    db.execute("ANALYZE")
    db.close()
    return len(calls)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="Three weeks of data instead of three years.")
    parser.add_argument("--keep", metavar="PATH",
                        help="Keep the filled database at PATH (or use the one already there).")
    args = parser.parse_args()
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    folder = Path(tempfile.mkdtemp(prefix="companion-review-bench-"))
    path = Path(args.keep) if args.keep else folder / "companion.db"
    began = time.perf_counter()
    if args.keep and path.exists():
        with sqlite3.connect(path) as db:
            calls = db.execute("SELECT COUNT(*) FROM calls").fetchone()[0]
    else:
        calls = fill(path, 21 if args.smoke else 3 * 365)
    fill_s = time.perf_counter() - began

    from companion.core.settings import Settings
    from companion.core.weeks import all_weeks

    clock = FakeClock(NOW)
    store = Store(path, clock)
    runs = []
    for _ in range(5):
        began = time.perf_counter()
        weeks = all_weeks(store, clock.now())
        runs.append(time.perf_counter() - began)
    weeks_s = statistics.median(runs)

    from companion.core.patterns import patterns

    labels = [w.week for w in weeks]
    pattern_runs = []
    for _ in range(5):
        began = time.perf_counter()
        found = patterns(store, labels, Settings(folder / "settings.toml"))
        pattern_runs.append(time.perf_counter() - began)
    patterns_s = statistics.median(pattern_runs)

    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    settings = Settings(folder / "settings.toml")
    assert "pyqtgraph" not in sys.modules
    opens, shown = [], []
    for _ in range(2):
        began = time.perf_counter()
        from companion.ui.review import ReviewWindow

        # As the tray opens it: numbers first, the chart right after the first paint;
        # each moment taken as the app's own marks take it (after that paint was handled).
        seen: dict[str, float] = {}
        window = ReviewWindow(store, settings, clock, chart_later=True)
        window.on_first_paints(lambda: seen.setdefault("shown", time.perf_counter()),
                               lambda: seen.setdefault("drawn", time.perf_counter()))
        window.show()
        while "drawn" not in seen:
            app.processEvents()
        opens.append(seen["drawn"] - began)
        shown.append(seen["shown"] - began)
        window.close()
        window.deleteLater()
        app.processEvents()
    store.close()
    size_mb = path.stat().st_size / 1e6
    shutil.rmtree(folder, ignore_errors=True)
    print(f"store: {calls} calls over {len(weeks)} weeks, {size_mb:.1f} MB (filled in {fill_s:.1f} s)")
    print(f"compute all {len(weeks)} weeks: median {weeks_s * 1000:.1f} ms "
          f"(runs: {', '.join(f'{r * 1000:.1f}' for r in runs)} ms)")
    print(f"patterns over all {len(weeks)} weeks (rough calls by tag, hour grid, {len(found.notes)} notes): "
          f"add median {patterns_s * 1000:.1f} ms (runs: {', '.join(f'{r * 1000:.1f}' for r in pattern_runs)} ms)")
    print(f"open the review window: on screen with its numbers after {shown[0] * 1000:.0f} ms, chart drawn after "
          f"{opens[0] * 1000:.0f} ms (includes importing pyqtgraph and numpy); again {shown[1] * 1000:.0f} / "
          f"{opens[1] * 1000:.0f} ms")
    print(json.dumps({"weeks_s": round(weeks_s, 4), "patterns_s": round(patterns_s, 4), "shown_s": round(shown[0], 4), "open_s": round(opens[0], 4),
                      "open_again_s": round(opens[1], 4),
                      "calls": calls, "weeks": len(weeks), "db_mb": round(size_mb, 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
