"""Kill -9 at random moments loses nothing that was acknowledged.

A writer process logs calls in a tight loop and prints each id only after
Store.log_call has returned. We SIGKILL it at random moments, again and
again (also while it is still opening the file and creating the tables),
then check that every acknowledged call is in the file with its note and
that SQLite's integrity check says ok. The store uses WAL with
synchronous=FULL and BEGIN IMMEDIATE, so a commit is on disk before
log_call returns."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WRITER = Path(__file__).with_name("writer.py")
KILLS = 30
BUDGET_SECONDS = 18.0


def _start(path: Path, run: int) -> subprocess.Popen:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return subprocess.Popen([sys.executable, str(WRITER), str(path), str(run)], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _acknowledged(line: bytes) -> tuple[int, str] | None:
    # Only whole lines count: a line cut by the kill was never seen as done.
    if not line.endswith(b"\n"):
        return None
    call_id, run, number = line.split()
    return int(call_id), f"run {run.decode()} call {number.decode()}"


def _whole_file_calls(path: Path) -> dict[int, str]:
    """The calls in the file at `path` (id -> note), once SQLite says it is whole."""
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return dict(db.execute("SELECT id, note FROM calls"))
    finally:
        db.close()


def _keep(report: str, name: str) -> None:
    """The run's figures, printed and kept in test-artifacts/ for the notes."""
    print(report)
    artifacts = REPO / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / name).write_text(report + "\n", encoding="utf-8")


def _collect(writer: subprocess.Popen, acknowledged: dict[int, str]) -> None:
    """The calls a killed writer had acknowledged but we had not read yet."""
    for line in writer.stdout.read().splitlines(keepends=True):
        entry = _acknowledged(line)
        if entry:
            acknowledged[entry[0]] = entry[1]
    writer.stdout.close()
    writer.stderr.close()


def test_sigkill_at_random_moments_loses_no_acknowledged_call(tmp_path):
    rng = random.Random(int(os.environ.get("COMPANION_FAULT_SEED", "20261123")))
    path = tmp_path / "companion.db"
    acknowledged: dict[int, str] = {}
    kills = 0
    early_kills = 0
    started = time.monotonic()
    for run in range(KILLS):
        if time.monotonic() - started > BUDGET_SECONDS:
            break
        writer = _start(path, run)
        if run < 3 or rng.random() < 0.2:
            # Kill while it may still be starting, opening or migrating.
            time.sleep(rng.uniform(0.0, 0.25))
            early_kills += 1
        else:
            wanted = rng.randint(1, 400)
            for _ in range(wanted):
                entry = _acknowledged(writer.stdout.readline())
                if entry is None:
                    break
                acknowledged[entry[0]] = entry[1]
            time.sleep(rng.uniform(0.0, 0.003))
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
        kills += 1
        assert writer.returncode == -signal.SIGKILL, writer.stderr.read().decode()
        _collect(writer, acknowledged)

    elapsed = time.monotonic() - started
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = dict(db.execute("SELECT id, note FROM calls"))
        tagged = {row[0] for row in db.execute("SELECT call_id FROM call_tags WHERE tag = 'angry'")}
    finally:
        db.close()
    found = sum(1 for call_id, note in acknowledged.items() if stored.get(call_id) == note)
    missing = sorted(set(acknowledged) - set(stored))
    report = (f"durability: {kills} kills ({early_kills} during start-up), {len(acknowledged)} calls "
              f"acknowledged, {found} found with their notes, {len(stored)} rows in the file, "
              f"{elapsed:.1f} s")
    _keep(report, "durability.txt")

    assert kills >= 20, report
    assert len(acknowledged) > 1000, report
    assert not missing, f"{report}; missing ids {missing[:20]}"
    assert found == len(acknowledged), report
    # Each call and its tag were one transaction: never one without the other.
    assert tagged == set(stored), report


# -- many writers at once: Store writers and `companion log`, all killed at random --
def _cli_log(path: Path, note: str) -> subprocess.Popen:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env["XDG_DATA_HOME"] = str(path.parent.parent)
    return subprocess.Popen([sys.executable, "-m", "companion", "log", "rough", "--tag", "angry", "--note", note],
                            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_sigkill_of_concurrent_writers_and_cli_calls_loses_nothing_and_sets_nothing_aside(tmp_path):
    from faults import older_schema

    rng = random.Random(int(os.environ.get("COMPANION_FAULT_SEED", "20261201")))
    path = tmp_path / "companion" / "companion.db"
    path.parent.mkdir(mode=0o700)
    older_schema(path, version=1, calls=0)  # the first round also races the migrations
    acknowledged: dict[int, str] = {}
    cli_acknowledged: set[str] = set()
    kills = rounds = 0
    started = time.monotonic()
    for round_ in range(12):
        if time.monotonic() - started > BUDGET_SECONDS:
            break
        rounds += 1
        writers = [_start(path, f"{round_}{w}") for w in "ab"]
        calls = {f"cli {round_} {n}": _cli_log(path, f"cli {round_} {n}") for n in range(3)}
        for _ in range(rng.randint(1, 200)):
            entry = _acknowledged(writers[0].stdout.readline())
            if entry is None:
                break
            acknowledged[entry[0]] = entry[1]
        for process in [*writers, *calls.values()]:
            if process in writers or rng.random() < 0.5:
                process.send_signal(signal.SIGKILL)
                kills += 1
        for writer in writers:
            writer.wait(timeout=10)
            _collect(writer, acknowledged)
        for note, process in calls.items():
            out, err = process.communicate(timeout=60)
            if process.returncode == 0 and out.startswith(b"Logged"):
                cli_acknowledged.add(note)
            elif process.returncode != -signal.SIGKILL:
                raise AssertionError(f"companion log failed without being killed: {err.decode()}")

    stored = _whole_file_calls(path)
    notes = set(stored.values())
    found = sum(1 for call_id, note in acknowledged.items() if stored.get(call_id) == note)
    report = (f"durability, many writers: {rounds} rounds, {kills} kills, {len(acknowledged)} writer calls and "
              f"{len(cli_acknowledged)} CLI calls acknowledged, {found} and {len(cli_acknowledged & notes)} found, "
              f"{len(list(path.parent.glob('companion-damaged-*')))} files set aside")
    _keep(report, "durability-many.txt")
    assert list(path.parent.glob("companion-damaged-*")) == [], report
    assert found == len(acknowledged) and cli_acknowledged <= notes, report
    assert cli_acknowledged and acknowledged, report


# -- the tray app too: its socket's log requests, killed at random with the rest ----------
def test_sigkill_of_the_tray_app_writers_and_cli_at_once_loses_no_acknowledged_call(tmp_path, monkeypatch):
    """The tray app takes log requests over its socket (as a softphone hook's
    `companion log` does), two Store writers and `companion log` runs write
    beside it, and each is killed at random; every call anyone acknowledged
    is in the file afterwards, which is whole and never set aside."""
    import threading

    from faults import start_tray

    from companion.ipc.client import send

    rng = random.Random(int(os.environ.get("COMPANION_FAULT_SEED", "20261202")))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))  # this process's client finds the tray's socket
    path = tmp_path / "companion" / "companion.db"
    tray_acknowledged: dict[int, str] = {}
    writer_acknowledged: dict[int, str] = {}
    cli_acknowledged: set[str] = set()
    kills = rounds = 0
    started = time.monotonic()
    for round_ in range(8):
        if time.monotonic() - started > BUDGET_SECONDS:
            break
        rounds += 1
        ready = tmp_path / f"ready-{round_}"
        tray = start_tray(dict(os.environ, XDG_DATA_HOME=str(tmp_path)), ready)
        writers = [_start(path, f"{round_}{w}") for w in "ab"]
        calls = {f"cli {round_} {n}": _cli_log(path, f"cli {round_} {n}") for n in range(2)}
        # The kill lands while requests are in flight: a thread pulls the trigger.
        killer = threading.Timer(rng.uniform(0.05, 0.6), tray.send_signal, (signal.SIGKILL,))
        killer.start()
        number = 0
        while tray.poll() is None:
            note = f"tray {round_} {number}"
            answer = send({"cmd": "log", "rating": "rough", "note": note}, timeout_ms=1000)
            if answer and answer.get("ok"):
                tray_acknowledged[answer["call"]["id"]] = note
            number += 1
        killer.join()
        kills += 1
        for writer in writers:
            writer.send_signal(signal.SIGKILL)
            kills += 1
            writer.wait(timeout=10)
            _collect(writer, writer_acknowledged)
        for note, process in calls.items():
            out, err = process.communicate(timeout=60)
            if process.returncode == 0 and out.startswith(b"Logged"):
                cli_acknowledged.add(note)
            else:
                # The tray may die under it: then the answer is an honest "not sure", never a false "Logged".
                assert b"Traceback" not in err, err.decode()
        tray.wait(timeout=10)

    stored = _whole_file_calls(path)
    notes = set(stored.values())
    lost = {i: n for i, n in {**tray_acknowledged, **writer_acknowledged}.items() if stored.get(i) != n}
    set_aside = list(path.parent.glob("companion-damaged-*"))
    report = (f"durability, tray app too: {rounds} rounds, {kills} kills, {len(tray_acknowledged)} calls over the "
              f"tray's socket, {len(writer_acknowledged)} writer calls and {len(cli_acknowledged)} CLI calls "
              f"acknowledged, {len(lost)} lost, {len(cli_acknowledged - notes)} CLI calls lost, "
              f"{len(set_aside)} files set aside")
    _keep(report, "durability-tray.txt")
    assert not lost and cli_acknowledged <= notes and set_aside == [], report
    assert tray_acknowledged and writer_acknowledged and rounds >= 3, report
