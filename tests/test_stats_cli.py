"""`companion stats`, `companion export` and `companion review --png` as a
person or a script runs them: real processes on the real data file in this
test's private XDG folders."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from companion.core.clock import iso_week
from companion.core.models import NudgeAnswer, NudgeReason
from companion.core.paths import database_path
from companion.core.store import Store

REPO = Path(__file__).resolve().parents[1]
NOTE = "the caller's address is 12 Elm Row"


def companion(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    env = dict(os.environ)  # conftest has pointed XDG_* at this test's folders
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return subprocess.run([sys.executable, "-m", "companion", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def logged():
    """This week: 2 rough calls then a great one with a compliment, a breath
    that helped, an ignored nudge, an evening at energy 2. Three weeks ago: one
    ok call. The two weeks between: nothing."""
    now = datetime.now().astimezone()
    store = Store(database_path())
    store.log_call("rough", mood=2, note=NOTE, at=now)
    store.log_call("rough", mood=1, tags=["abusive"], at=now)
    store.log_call("great", mood=5, tags=["compliment"], at=now)
    breath = store.start_breath("box", 60, mood_before=2, at=now)
    store.rate_breath(breath.id, 4)
    nudge = store.record_nudge(NudgeReason.ROUGH_STREAK, at=now)
    store.answer_nudge(nudge.id, NudgeAnswer.IGNORED, at=now)
    store.record_checkin(2, at=now)
    store.log_call("ok", at=now - timedelta(weeks=3))
    store.close()
    return now


def test_stats_json_gives_one_object_per_week_with_the_documented_keys(logged):
    done = companion("stats", "--weeks", "4", "--json")
    assert done.returncode == 0, done.stderr
    weeks = json.loads(done.stdout)
    by_week = {w["week"]: w for w in weeks}
    assert len(weeks) == 4 and weeks[0]["week"] == iso_week(logged - timedelta(weeks=3))
    this = by_week[iso_week(logged)]
    assert this == {
        "week": iso_week(logged), "calls": 3, "rough": 2, "ok": 0, "great": 1, "rough_share": 0.667,
        "avg_mood": 2.67, "longest_rough_run": 2, "breaks": 0, "breathing_sessions": 1, "nudges": 1,
        "nudges_ignored": 1, "compliments": 1, "energy_avg": 2.0, "breath_mood_change": 2.0, "self_check": None,
        # Only rough calls count: the great call's compliment is not here.
        "rough_tags": {"abusive": 1},
    }
    assert by_week[iso_week(logged - timedelta(weeks=3))]["rough_tags"] == {}
    empty = by_week[iso_week(logged - timedelta(weeks=2))]
    assert set(empty) == set(this) and all(v is None for k, v in empty.items() if k != "week")
    assert by_week[iso_week(logged - timedelta(weeks=3))]["ok"] == 1


def test_stats_table_is_readable_and_says_what_stands_out(logged):
    # The week running now is too young for a note ("so far"): last week's low evening stands out.
    store = Store(database_path())
    store.log_call("ok", at=logged - timedelta(weeks=1))
    store.record_checkin(2, at=logged - timedelta(weeks=1))
    store.close()
    done = companion("stats", "--weeks", "4")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split()[:3] == ["Week", "Calls", "Rough"]
    this = next(line for line in lines if line.startswith(iso_week(logged)))
    assert this.split()[1:4] == ["3", "2", "0"] and "67 %" in this
    empty = next(line for line in lines if line.startswith(iso_week(logged - timedelta(weeks=2))))
    assert set(empty.split()[1:]) == {"–"}
    assert "Worth noticing:" in done.stdout and "Little energy left for your evenings" in done.stdout
    assert NOTE not in done.stdout


def test_stats_default_range_comes_from_settings(logged):
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "companion"
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.toml").write_text("review_weeks = 6\n", encoding="utf-8")
    done = companion("stats", "--json")
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == 6


def test_stats_refuses_a_silly_range():
    done = companion("stats", "--weeks", "0")
    assert done.returncode == 2
    assert "weeks is a whole number from 1" in done.stderr


def test_export_csv_holds_every_week_for_a_spreadsheet(logged, tmp_path):
    target = tmp_path / "weeks.csv"
    done = companion("export", "--csv", str(target))
    assert done.returncode == 0, done.stderr
    assert f"Saved all 4 weeks as CSV to {target}." in done.stdout
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [r["week"] for r in rows] == [iso_week(logged - timedelta(weeks=n)) for n in (3, 2, 1, 0)]
    assert rows[-1]["calls"] == "3" and rows[-1]["rough_share"] == "0.667" and rows[1]["calls"] == ""
    assert target.stat().st_mode & 0o777 == 0o600
    assert NOTE not in target.read_text(encoding="utf-8")


def test_export_summary_has_counts_and_never_notes(logged, tmp_path):
    target = tmp_path / "lead.txt"
    done = companion("export", "--summary", str(target), "--weeks", "4")
    assert done.returncode == 0, done.stderr
    assert f"Saved the summary of 4 weeks to {target}." in done.stdout
    text = target.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith(iso_week(logged)))
    assert row.split()[1:5] == ["3", "2", "67", "%"]
    assert NOTE not in text and "abusive" not in text
    assert "no notes" in text


def test_export_summary_to_the_terminal(logged):
    done = companion("export", "--summary", "-", "--weeks", "4")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Companion: weekly summary")


def test_export_needs_something_to_export():
    done = companion("export")
    assert done.returncode == 2
    assert "--csv PATH, --summary PATH and/or --all PATH" in done.stderr


def test_export_into_a_missing_folder_says_so(logged, tmp_path):
    done = companion("export", "--csv", str(tmp_path / "no" / "such" / "weeks.csv"))
    assert done.returncode == 1
    assert "could not be saved" in done.stderr


def test_a_damaged_data_file_is_set_aside_and_reported_not_hidden():
    path = database_path()
    junk = b"this is not a database at all" * 100
    path.write_bytes(junk)
    done = companion("stats")
    assert done.returncode == 0, done.stderr
    (kept,) = path.parent.glob("companion-damaged-*.db")
    assert kept.read_bytes() == junk
    assert "could not be read" in done.stderr and str(kept) in done.stderr


def test_review_png_saves_the_chart_without_a_window(logged, tmp_path):
    target = tmp_path / "chart.png"
    done = companion("review", "--png", str(target), "--weeks", "4", timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"Saved the chart to {target}." in done.stdout
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and target.stat().st_size > 5000


def test_help_lists_the_review_commands():
    done = companion("--help")
    assert done.returncode == 0
    for name in ("stats", "export", "review"):
        assert name in done.stdout
