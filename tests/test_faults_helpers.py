"""`pactl subscribe` helpers never outlive the app: SIGKILL or SIGHUP of the
app, and the helper it started is gone at once (it used to linger until the
sound server's next event, and pile up). Real PulseAudio, real processes;
the wait for a process to end is a pidfd, not a sleep."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from faults import REPO, process_ended
from pulse import pulse_server  # noqa: F401 - fixture

WATCHING_APP = """
from PySide6.QtCore import QCoreApplication
from companion.platform.oncall_watch import PresenceWatch
app = QCoreApplication([])
watch = PresenceWatch(lambda: None, 5.0, platform="linux")
watch.start()
print("watching", flush=True)
app.exec()
"""


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                children = [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
            found += children
            todo += children
    return found


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _helper_of(app: subprocess.Popen) -> int:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        helpers = [p for p in _descendants(app.pid) if b"subscribe" in _cmdline(p) and b"pactl" in _cmdline(p)
                   and b"/bin/sh" not in _cmdline(p)]
        if helpers:
            return helpers[0]
        time.sleep(0.02)  # a real process starting its child
    raise AssertionError("the app never started pactl subscribe")


@pytest.mark.parametrize("ending", [signal.SIGKILL, signal.SIGHUP])
def test_the_subscribe_helper_ends_with_the_app(ending, pulse_server):
    if not hasattr(os, "pidfd_open"):
        pytest.skip("needs pidfd_open (Linux 5.3+) to wait for a process that is not our child")
    env = {**os.environ, **pulse_server.env, "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    app = subprocess.Popen([sys.executable, "-c", WATCHING_APP], env=env, cwd=REPO,
                           stdout=subprocess.PIPE, text=True)
    try:
        assert app.stdout.readline().strip() == "watching"
        helper = _helper_of(app)
        all_helpers = [p for p in _descendants(app.pid)]
        app.send_signal(ending)
        assert app.wait(timeout=10) == -ending
        # Nothing happens on the sound server meanwhile: only the app's end can end it.
        assert process_ended(helper, timeout=10), f"pactl subscribe ({helper}) outlived the app"
        assert all(process_ended(pid, timeout=10) for pid in all_helpers)
    finally:
        app.kill()
        app.wait()
        app.stdout.close()
