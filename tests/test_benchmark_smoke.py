"""The benchmark script still runs end to end and prints its whole table.

This checks the script, not the app's speed: a busy CI machine must not fail
a build over timings, so nothing here compares a figure with a goal."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

ROWS = (
    "start: process to tray icon shown",
    "memory: RSS after start",
    "memory: RSS after idle",
    "idle CPU per minute",
    "log rough call: median",
    "log rough call: p99",
    "companion log (CLI)",
    "review: compute all weeks",
    "review from the tray: window on screen",
    "review from the tray: chart drawn",
    "review alone (no tray running): window on screen",
    "review alone (no tray running): chart drawn",
    "breathing: pacer frames per second",
    "breathing: CPU share of one core",
    "Ctrl+Alt+B to Breathe painted",
    "Ctrl+Alt+B to microphone muted",
)

PEERS = ("Workrave", "Safe Eyes")
PEER_MEASURES = ("process to tray icon embedded", "RSS after idle", "idle CPU per minute")
# What a peer row says instead of a figure (benchmarks/peers.py).
PEER_NOTES = ("no icon on an XEmbed tray", "failed to run", "needs Xvfb and trayer", "no private D-Bus")
FIGURE = re.compile(r"\d+\.\d+ (s|MB)")


def peer_cell_ok(cell: str) -> bool:
    return bool(FIGURE.fullmatch(cell)) or cell in PEER_NOTES or cell.startswith(("not installed", "needs "))


def test_smoke_run_prints_every_row_with_ratios(tmp_path):
    raw = tmp_path / "bench.json"
    done = subprocess.run([sys.executable, str(REPO / "benchmarks" / "run.py"), "--smoke", "--json", str(raw)],
                          cwd=REPO, capture_output=True, text=True, timeout=240, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    out = done.stdout

    header = next(line for line in out.splitlines() if line.startswith("| Measure"))
    assert [cell.strip() for cell in header.strip("|").split("|")] == [
        "Measure", "App", "Baseline", "App/baseline", "Goal", "Result"]
    rows = {line.split("|")[1].strip(): [c.strip() for c in line.strip("|").split("|")]
            for line in out.splitlines() if line.startswith("| ") and not line.startswith("| Measure")}
    for label in ROWS:
        matches = [cells for name, cells in rows.items() if name.startswith(label)]
        assert matches, f"row {label!r} missing from:\n{out}"
        assert len(matches[0]) == 6, matches[0]

    # App and baseline both ran, so the comparisons carry a real ratio.
    for label in ("start: process to tray icon shown", "memory: RSS after start", "memory: RSS after idle"):
        cells = rows[label]
        assert re.fullmatch(r"\d+\.\d\dx", cells[3]), cells
        assert cells[5] in ("pass", "MISS"), cells
    assert rows["breathing: pacer frames per second"][5] in ("pass", "MISS")
    # The review goal is judged on the agent's way in: the running tray opening its window.
    assert rows["review from the tray: chart drawn"][5] in ("pass", "MISS")
    # The shortcut rows ran for real: a key grab on the benchmark's X server, a private sound server.
    painted = next(cells for name, cells in rows.items() if name.startswith("Ctrl+Alt+B to Breathe painted"))
    assert re.fullmatch(r"\d+\.\d\dx", painted[3]) and painted[5] in ("pass", "MISS"), painted
    assert rows["Ctrl+Alt+B to microphone muted"][5] in ("pass", "MISS")

    # Each peer has its three reference rows, measured or saying why not, and no goal.
    for peer in PEERS:
        for measure in PEER_MEASURES:
            matches = [cells for name, cells in rows.items()
                       if name.startswith(f"peer: {peer}") and name.endswith(f"— {measure}")]
            assert len(matches) == 1, f"peer row {peer!r} {measure!r} missing from:\n{out}"
            cells = matches[0]
            assert peer_cell_ok(cells[1]), cells
            assert cells[4] == "—" and cells[5] == "—", cells

    saved = json.loads(raw.read_text())
    assert len(saved["app"]) == len(saved["baseline"]) == 1
    assert saved["app"][0]["start_s"] > 0 and saved["baseline"][0]["start_s"] > 0
    assert saved["log"]["count"] > 0
    assert len(saved["shortcut"]["paints"]) == len(saved["shortcut"]["bare_paints"]) == 2
    assert 0 < saved["tray_review"]["shown_s"] < saved["tray_review"]["open_s"]
    assert [row["label"] for row in saved["rows"]] == list(rows)
    for peer in PEERS:
        found = saved["peers"]["peers"][peer]
        assert found.get("skipped") or len(found["runs"]) == 1, found


def run_module(monkeypatch):
    """benchmarks/run.py as a module (it puts its folders on sys.path: undone after the test)."""
    monkeypatch.setattr(sys, "path", list(sys.path))
    spec = importlib.util.spec_from_file_location("bench_run", REPO / "benchmarks" / "run.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_peer_rows_say_why_a_peer_has_no_figures(monkeypatch):
    """A peer not installed, or whose icon a tray like trayer cannot show,
    keeps its rows, with the reason where the figure would be."""
    run = run_module(monkeypatch)
    base = [{"rss_idle_mb": 50.0, "idle_cpu_s_per_min": 0.02}]
    found = {"baseline_icon_s": 0.4, "baseline_icons": [0.4], "peers": {
        "Workrave": {"skipped": "not installed (Debian package workrave)"},
        "Safe Eyes": {"version": "2.1.5", "first_icon_s": None, "runs": [
            {"icon_s": None, "rss_start_mb": 70.0, "rss_idle_mb": 71.0, "idle_cpu_s_per_min": 0.0, "helpers": []}]},
    }}
    cells = {row.label: row.cells() for row in run.peer_rows(found, base)}
    assert cells["peer: Workrave — RSS after idle"][1] == "not installed (Debian package workrave)"
    assert cells["peer: Safe Eyes 2.1.5 — process to tray icon embedded"][1] == "no icon on an XEmbed tray"
    assert cells["peer: Safe Eyes 2.1.5 — RSS after idle"][1:4] == ["71.00 MB", "50.00 MB", "1.42x"]
    assert all(row[4] == row[5] == "—" for row in cells.values())
    assert all(peer_cell_ok(row[1]) for row in cells.values())
