"""Faults on the instance socket, for real: the tray app in its own process,
clients that trickle or say nothing, a full listen backlog, and an app frozen
(SIGSTOP) while the command line waits. After each: the app still serves, the
command line's answer is true, and nothing is done twice."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from faults import quit_tray, start_tray

from companion.ipc import address

REPO = Path(__file__).resolve().parents[1]


def env(**extra: str) -> dict[str, str]:
    base = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    base["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), base.get("PYTHONPATH")]))
    return {**base, **extra}


def companion(*args: str, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "companion", *args], cwd=REPO, env=env(), capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture
def tray(tmp_path):
    app = start_tray(env(), tmp_path / "ready", stderr=subprocess.PIPE)
    yield app
    quit_tray(app, env())


def connect() -> socket.socket:
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    client.connect(address.server_name())
    return client


def status() -> dict:
    done = companion("status", "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_trickling_and_silent_clients_do_not_hold_the_tray(tray):
    silent = [connect() for _ in range(40)]
    stop = threading.Event()

    def trickle():
        # A byte every 0.3 s never finishes a line: the old server sat in recv() for it.
        with connect() as slow:
            while not stop.wait(0.3):
                try:
                    slow.send(b"{")
                except OSError:
                    return

    trickler = threading.Thread(target=trickle)
    trickler.start()
    try:
        assert status()["running"] is True
        logged = companion("log", "rough", "--tag", "angry")
        assert logged.returncode == 0 and "Logged a rough call" in logged.stdout, logged.stderr
        assert status()["calls_today"] == 1
    finally:
        stop.set()
        trickler.join()
        for s in silent:
            s.close()
    closed = companion("quit")
    assert closed.returncode == 0 and "has closed" in closed.stdout, closed.stderr
    assert tray.wait(timeout=10) == 0


def test_a_frozen_app_is_still_running_and_nothing_acts_behind_it(tray):
    os.kill(tray.pid, signal.SIGSTOP)
    # Fill the listen backlog of the frozen app: the socket now takes no connection.
    held = []
    while True:
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        probe.setblocking(False)
        try:
            probe.connect(address.server_name())
        except BlockingIOError:
            probe.close()
            break
        held.append(probe)
        assert len(held) < 1000
    try:
        deleted = companion("delete", "--all", "--yes")
        assert deleted.returncode == 1 and "Companion is running" in deleted.stderr
        restored = companion("restore", str(REPO / "nothing.db"))
        assert restored.returncode == 1 and "Companion is running" in restored.stderr
        logged = companion("log", "ok")
        assert logged.returncode == 1
        assert "too busy" in logged.stderr and "nothing was done" in logged.stderr
    finally:
        for s in held:
            s.close()
        os.kill(tray.pid, signal.SIGCONT)
    assert status()["calls_today"] == 0  # the refused call was really not logged
    assert Path(os.environ["XDG_DATA_HOME"], "companion", "companion.db").exists()


def test_an_answer_given_up_on_says_so_and_the_retry_is_not_done_twice(tray):
    os.kill(tray.pid, signal.SIGSTOP)
    # Both of the command's tries (2 s each) find the app frozen.
    unsure = companion("log", "rough", "--note", "first")
    assert unsure.returncode == 3, unsure.stderr
    assert "not known whether" in unsure.stderr and "companion status" in unsure.stderr
    assert "Nothing was logged" not in unsure.stderr
    os.kill(tray.pid, signal.SIGCONT)
    # The app wakes and carries out the request it had been sent, once,
    # although the command sent it twice (its retry carried the same id).
    assert status()["calls_today"] == 1

    os.kill(tray.pid, signal.SIGSTOP)
    waking = threading.Timer(3.0, os.kill, (tray.pid, signal.SIGCONT))  # during the retry
    waking.start()
    try:
        logged = companion("log", "great")
    finally:
        waking.join()
    assert logged.returncode == 0 and "Logged a great call" in logged.stdout, logged.stderr
    assert status()["calls_today"] == 2
