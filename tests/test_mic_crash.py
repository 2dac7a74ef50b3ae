"""The whole app killed with SIGKILL mid-session leaves the microphone muted;
the next start of Companion unmutes it. Real app processes on a real
PulseAudio, and for the tray app's start on a real PipeWire too.

Two next starts: the tray app, which mutes nothing itself, so an unmuted
source proves recovery at start; and another `companion breathe`, which finds
the source muted - without recovery it would count that as "already muted"
and leave it muted when it ends."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from faults import kill_guardians
from pipewire import sound_server  # noqa: F401 - fixture
from pulse import pulse_server  # noqa: F401 - fixture

REPO = Path(__file__).resolve().parents[1]


def app_env(server) -> dict[str, str]:
    # conftest has pointed the XDG folders at this test's tmp_path already.
    env = {**os.environ, **server.env, "QT_QPA_PLATFORM": "offscreen"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    return env


def marker() -> Path:
    return Path(os.environ["XDG_DATA_HOME"]) / "companion" / "mic-restore.json"


def note_pids() -> list[int]:
    try:
        return [n["pid"] for n in json.loads(marker().read_text())["notes"]]
    except (OSError, ValueError, KeyError):
        return []


def sessions() -> int:
    database = Path(os.environ["XDG_DATA_HOME"]) / "companion" / "companion.db"
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("SELECT count(*) FROM breaths").fetchone()[0]
    except sqlite3.Error:  # not created yet
        return 0


def wait_for(check, timeout: float, what: str, process: subprocess.Popen):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        if process.poll() is not None:
            raise AssertionError(f"companion ended ({process.returncode}) while waiting for {what}.")
        time.sleep(0.05)  # a real app starting up
    raise AssertionError(f"Timed out after {timeout} s waiting for {what}.")


def breathe(server, seconds: int, err) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "companion", "breathe", "--seconds", str(seconds)],
        cwd=REPO, env=app_env(server), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
    )


def kill_mid_session(server, err) -> None:
    first = breathe(server, 60, err)
    try:
        wait_for(lambda: server.mute_of() == "Mute: yes", 30, "the app to mute the microphone", first)
        wait_for(lambda: "guardian" in marker().read_text(), 30, "the note to name its guardian", first)
        # Its session row too: the next start's test counts two sessions.
        wait_for(lambda: sessions() == 1, 30, "the app to record its session", first)
        assert note_pids() == [first.pid]
        # Its guardian goes down too, as with a power cut: only the note is left
        # (test_faults_mic.py: the guardian alone unmutes at once).
        assert kill_guardians(marker())
        first.send_signal(signal.SIGKILL)
        assert first.wait(timeout=5) == -signal.SIGKILL
    finally:
        first.kill()
        first.wait()
    assert server.mute_of() == "Mute: yes"  # the kill left it muted


def test_sigkill_mid_session_then_starting_the_tray_app_unmutes(sound_server, tmp_path):
    err = (tmp_path / "companion.err").open("w+")
    kill_mid_session(sound_server, err)
    ready = tmp_path / "ready"
    tray = subprocess.Popen(
        [sys.executable, "-m", "companion"], cwd=REPO, env={**app_env(sound_server), "COMPANION_READY_FILE": str(ready)},
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
    )
    try:
        wait_for(lambda: ready.exists() and "settled" in ready.read_text(), 30, "the tray app to settle", tray)
        # The tray app mutes nothing itself: only recovery at start can have unmuted.
        assert sound_server.mute_of() == "Mute: no", "the tray app did not recover (is recover_after_crash wired?)"
        assert not marker().exists()
        tray.send_signal(signal.SIGTERM)
        assert tray.wait(timeout=10) == 0
    finally:
        tray.kill()
        tray.wait()
    err.seek(0)
    log = err.read()
    err.close()
    assert "Traceback" not in log, log


def test_sigkill_mid_session_then_the_next_breathe_unmutes(pulse_server, tmp_path):
    err = (tmp_path / "companion.err").open("w+")
    kill_mid_session(pulse_server, err)
    second = breathe(pulse_server, 30, err)
    try:
        wait_for(lambda: sessions() == 2, 30, "the next start to begin its session", second)
        # The dead run's note is gone; the note now is the new run's own.
        assert note_pids() == [second.pid]
        second.send_signal(signal.SIGTERM)
        assert second.wait(timeout=10) == 0
    finally:
        second.kill()
        second.wait()
    err.seek(0)
    log = err.read()
    err.close()
    assert pulse_server.mute_of() == "Mute: no", log
    assert not marker().exists()
    assert "Traceback" not in log
