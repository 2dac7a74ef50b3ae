"""`companion` as a softphone script or a person at a terminal runs it: real
processes, the real data file under the test's private XDG folders."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from companion import __version__

REPO = Path(__file__).resolve().parents[1]


def cli_env(**extra: str) -> dict[str, str]:
    # conftest has already pointed the XDG folders at this test's tmp_path.
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.update(extra)
    return env


def companion(*args: str, timeout: float = 30, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "companion", *args],
        cwd=REPO, env=cli_env(**extra), capture_output=True, text=True, timeout=timeout,
    )


def data_file() -> Path:
    return Path(os.environ["XDG_DATA_HOME"]) / "companion" / "companion.db"


def stored_calls() -> list[tuple]:
    if not data_file().exists():
        return []
    with sqlite3.connect(data_file()) as db:
        return db.execute(
            """SELECT c.rating, c.mood, c.note,
                      (SELECT group_concat(tag, ',') FROM (SELECT tag FROM call_tags t
                       WHERE t.call_id = c.id ORDER BY tag))
               FROM calls c ORDER BY c.id"""
        ).fetchall()


# -- logging ---------------------------------------------------------------
@pytest.mark.parametrize("rating", ["rough", "ok", "great"])
def test_log_each_rating(rating):
    done = companion("log", rating)
    assert done.returncode == 0, done.stderr
    assert stored_calls() == [(rating, None, "", None)]
    lines = done.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Logged a") and "call at" in lines[0]
    assert "Undo from the tray menu." in lines[0]
    assert done.stderr == ""


def test_log_stores_mood_tags_and_note():
    done = companion("log", "Rough", "--mood", "2", "--tag", "Abusive", "--tag", "escalated",
                     "--tag", "  Bad   Survey ", "--note", "Shouted about the bill.\nAsked for a manager.")
    assert done.returncode == 0, done.stderr
    assert stored_calls() == [
        ("rough", 2, "Shouted about the bill.\nAsked for a manager.", "abusive,bad survey,escalated")
    ]
    assert "(tags: abusive, escalated, bad survey)" in done.stdout


def test_any_tag_is_allowed_and_repeats_are_kept_once():
    done = companion("log", "great", "--tag", "Sang happy birthday", "--tag", "sang happy birthday")
    assert done.returncode == 0, done.stderr
    assert stored_calls() == [("great", None, "", "sang happy birthday")]


def test_calls_add_up_across_runs():
    for rating in ("rough", "rough", "great"):
        assert companion("log", rating).returncode == 0
    assert [row[0] for row in stored_calls()] == ["rough", "rough", "great"]


def test_data_file_and_folder_are_private():
    assert companion("log", "ok", "--note", "private").returncode == 0
    assert stat.S_IMODE(data_file().stat().st_mode) == 0o600
    assert stat.S_IMODE(data_file().parent.stat().st_mode) == 0o700
    for sidecar in data_file().parent.glob("companion.db-*"):
        assert stat.S_IMODE(sidecar.stat().st_mode) == 0o600, sidecar


def test_log_does_not_load_qt():
    # -X importtime lists every module the process imported, on stderr.
    done = companion("log", "ok", PYTHONPROFILEIMPORTTIME="1")
    assert done.returncode == 0, done.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert "companion.core.store" in imported  # the listing really is there
    assert not {m for m in imported if m.split(".")[0] in ("PySide6", "shiboken6", "pyqtgraph", "numpy")}
    assert "companion.app" not in imported


# -- what a typo gets --------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["log", "awful"], "invalid choice: 'awful'"),
        (["log"], "required: rating"),
        (["log", "rough", "--mood", "7"], "mood is a whole number from 1 (low) to 5 (good), not '7'"),
        (["log", "rough", "--mood", "two"], "not 'two'"),
        (["log", "rough", "--tag", ""], "A tag cannot be empty."),
        (["log", "rough", "--tag", "   "], "A tag cannot be empty."),
        (["log", "rough", "--tag", "ring\x07ring"], "control characters"),
        (["log", "rough", "--tag", "x" * 41], "at most 40 characters"),
        (["log", "rough", "--note", "n" * 10_001], "at most 10000 characters"),
        (["log", "rough", "--colour", "red"], "unrecognized arguments: --colour red"),
        (["lgo", "rough"], "Did you mean 'companion log'?"),
        (["breath"], "Did you mean 'companion breathe'?"),
        (["breathe", "--seconds", "29"], "seconds is a whole number from 30 to 600, not '29'"),
        (["breathe", "--seconds", "601"], "from 30 to 600"),
        (["breathe", "--seconds", "45.5"], "from 30 to 600"),
        (["breathe", "--pattern", "square"],
         "invalid choice: 'square' (choose from cyclic_sigh, resonance, box, 4-7-8, custom)"),
    ],
)
def test_bad_arguments_exit_2_with_a_message_and_store_nothing(args, words):
    done = companion(*args)
    assert done.returncode == 2
    assert words in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
    assert stored_calls() == []


def test_a_note_with_nul_is_refused(capsys):
    # A NUL cannot travel in argv, so this one goes through main() in-process.
    from companion.__main__ import main

    assert main(["log", "rough", "--note", "before\x00after"]) == 2
    assert "A note cannot contain NUL characters. Nothing was logged." in capsys.readouterr().err
    assert stored_calls() == []


def test_version_and_help():
    done = companion("--version")
    assert (done.returncode, done.stdout.strip()) == (0, f"companion {__version__}")
    done = companion("--help")
    assert done.returncode == 0
    assert "log" in done.stdout and "breathe" in done.stdout
    done = companion("log", "--help")
    assert done.returncode == 0
    assert "--mood" in done.stdout and "--tag" in done.stdout and "--note" in done.stdout
    done = companion("breathe", "--help")
    assert done.returncode == 0
    assert "cyclic_sigh" in done.stdout and "30 to 600" in done.stdout


# -- a damaged data file -------------------------------------------------------
def test_a_damaged_database_is_set_aside_and_the_call_still_logged():
    data_file().parent.mkdir(parents=True)
    junk = b"This is not an SQLite database, just a scrap of text. " * 200
    data_file().write_bytes(junk)
    done = companion("log", "rough", "--tag", "abusive")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    kept = list(data_file().parent.glob("companion-damaged-*.db"))
    assert len(kept) == 1 and kept[0].read_bytes() == junk  # kept exactly as it was
    assert str(kept[0]) in done.stderr and "fresh one was started" in done.stderr
    assert done.stdout.startswith("Logged a rough call")
    assert stored_calls() == [("rough", None, "", "abusive")]


# -- breathe on its own ----------------------------------------------------------
def breaths_row(path: Path) -> tuple | None:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as db:
            return db.execute(
                "SELECT id, ended_at, completed, planned_seconds, pattern FROM breaths ORDER BY id DESC"
            ).fetchone()
    except sqlite3.Error:  # not created yet, or still being migrated
        return None


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.05)
    raise AssertionError(f"Timed out after {timeout} s waiting for {what}.")


def test_breathe_stops_cleanly_on_sigterm(tmp_path):
    err = (tmp_path / "breathe.err").open("w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "companion", "breathe", "--seconds", "30", "--pattern", "box"],
        cwd=REPO, env=cli_env(QT_QPA_PLATFORM="offscreen"), stdout=subprocess.DEVNULL, stderr=err,
    )
    try:
        started = wait_for(lambda: breaths_row(data_file()), 20, "the breathing session to start")
        assert started[1] is None  # still breathing
        assert (started[3], started[4]) == (30, "box")
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=5) == 0, Path(err.name).read_text()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        err.close()
    _id, ended_at, completed, _planned, _pattern = breaths_row(data_file())
    assert ended_at is not None
    assert completed == 0
    assert "Traceback" not in Path(err.name).read_text()
