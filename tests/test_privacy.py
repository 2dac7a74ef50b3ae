"""Private by default: files readable by the user only, no network at all,
and the person can take everything out (export --all) or wipe it (delete --all)."""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from companion.__main__ import main
from companion.core import paths
from companion.core.backups import backup_now
from companion.core.clock import FakeClock
from companion.core.exports_all import FORMAT, export_all
from companion.core.models import NudgeAnswer, NudgeReason, Rating
from companion.core.recovery import open_store
from companion.core.settings import Settings
from companion.core.store import Store

REPO = Path(__file__).resolve().parents[1]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_folders_and_files_are_the_users_alone(clock):
    store, _ = open_store(paths.database_path(), clock)
    store.log_call(Rating.ROUGH, note="private")
    backup = backup_now(store, clock)
    settings = Settings(paths.settings_path())
    settings.set("rough_streak", 4)
    exported = paths.data_dir() / "everything.json"
    export_all(store, settings, exported)
    store.close()

    assert mode(paths.data_dir()) == 0o700
    assert mode(paths.config_dir()) == 0o700
    assert mode(backup.parent) == 0o700
    for private in (paths.database_path(), backup, paths.settings_path(), exported):
        assert mode(private) == 0o600, private
    for side in paths.data_dir().glob("companion.db-*"):
        assert mode(side) & 0o077 == 0, side


def test_export_all_holds_everything_including_notes(store, settings, clock, tmp_path):
    store.log_call(Rating.ROUGH, mood=2, tags=["abusive", "angry"], note="He shouted. I stayed calm.")
    store.log_call(Rating.GREAT, tags=["compliment"], note="Said I was the best — ünïcode ✓")
    session = store.start_breath("box", 60, mood_before=2)
    clock.advance(60)
    store.finish_breath(session.id, completed=True)
    store.rate_breath(session.id, 4)
    pause = store.start_break()
    clock.advance(300)
    store.end_break(pause)
    nudge = store.record_nudge(NudgeReason.ROUGH_STREAK)
    store.answer_nudge(nudge.id, NudgeAnswer.SNOOZE)
    store.record_checkin(3)
    settings.set("pattern", "box")
    store.put_own_tag("billing")
    store.put_own_tag("refund", retired=True)

    counts = export_all(store, settings, tmp_path / "all.json")
    data = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert data["format"] == FORMAT
    assert counts == {"calls": 2, "breaths": 1, "breaks": 1, "nudges": 1, "checkins": 1, "selfchecks": 0,
                      "own_tags": 2}
    assert data["own_tags"] == [{"name": "billing", "position": 1, "retired": 0},
                                {"name": "refund", "position": 2, "retired": 1}]
    assert [c["note"] for c in data["calls"]] == ["He shouted. I stayed calm.", "Said I was the best — ünïcode ✓"]
    assert data["calls"][0]["tags"] == ["abusive", "angry"] and data["calls"][0]["mood"] == 2
    assert data["calls"][0]["hour"] == clock.now().astimezone().hour
    assert data["breaths"][0]["mood_after"] == 4 and data["breaths"][0]["completed"] == 1
    assert data["breaks"][0]["ended_at"] is not None
    assert data["nudges"][0]["answer"] == "snooze"
    assert data["settings"]["pattern"] == "box"
    assert mode(tmp_path / "all.json") == 0o600


# -- delete --all ---------------------------------------------------------------
def _some_data(clock=None):
    store = Store(paths.database_path(), clock or FakeClock())
    store.log_call(Rating.ROUGH, note="secret")
    backup_now(store, clock or FakeClock())
    store.close()
    Settings(paths.settings_path()).set("rough_streak", 5)


def test_delete_all_with_yes_removes_everything(capsys):
    _some_data()
    data, config = paths.data_dir(), paths.config_dir()
    assert main(["delete", "--all", "--yes"]) == 0
    assert not data.exists() and not config.exists()
    assert "Deleted everything" in capsys.readouterr().out


def test_delete_without_a_terminal_or_yes_refuses(capsys):
    _some_data()
    assert main(["delete", "--all"]) == 2
    assert "Nothing was deleted" in capsys.readouterr().err
    assert paths.database_path().exists() and paths.settings_path().exists()


@pytest.mark.parametrize("typed, deleted", [("yes", True), ("YES ", True), ("y", False), ("", False)])
def test_delete_asks_at_a_terminal(monkeypatch, capsys, typed, deleted):
    _some_data()
    prompts = []
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: prompts.append(prompt) or typed)
    code = main(["delete", "--all"])
    assert "Type yes" in prompts[0] and str(paths.data_dir()) in prompts[0]
    assert (code == 0) is deleted
    assert paths.database_path().exists() is not deleted


def test_delete_needs_all(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["delete"])
    assert stop.value.code == 2
    assert "--all" in capsys.readouterr().err


def test_delete_refuses_while_the_app_runs(qtbot, capsys):
    from companion.ipc.server import InstanceServer

    _some_data()
    server = InstanceServer()
    assert server.listen()
    try:
        assert main(["delete", "--all", "--yes"]) == 1
    finally:
        server.close()
    assert "companion quit" in capsys.readouterr().err
    assert paths.database_path().exists()


# -- no network -----------------------------------------------------------------
AUDIT = '''
import os, sys
_log = os.environ.get("COMPANION_SOCKET_LOG")
def _hook(event, args):
    if _log and event in ("socket.__new__", "socket.bind", "socket.connect", "socket.sendto",
                          "socket.getaddrinfo", "socket.gethostbyname"):
        detail = ""
        if event == "socket.__new__":
            detail = str(int(args[1]))
        elif event in ("socket.bind", "socket.connect", "socket.sendto"):
            detail = str(int(args[0].family))
        with open(_log, "a", encoding="utf-8") as out:
            out.write(f"{event} {detail}\\n")
sys.addaudithook(_hook)
'''


def test_the_app_opens_no_network_socket(tmp_path):
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(AUDIT, encoding="utf-8")
    log, ready = tmp_path / "sockets.log", tmp_path / "ready"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", COMPANION_SOCKET_LOG=str(log),
               COMPANION_READY_FILE=str(ready))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(hooks), str(REPO), env.get("PYTHONPATH")]))
    app = subprocess.Popen([sys.executable, "-m", "companion"], cwd=REPO, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        while not (ready.exists() and "settled" in ready.read_text()):
            assert app.poll() is None, app.stderr.read()
            assert time.monotonic() < deadline, "the app did not get ready"
            time.sleep(0.05)
        # Sockets Qt opened in C++ never pass Python's audit hook: ask the kernel too.
        process = psutil.Process(app.pid)
        native = process.net_connections(kind="inet")
        unix = process.net_connections(kind="unix")
        app.send_signal(signal.SIGTERM)
        assert app.wait(timeout=10) == 0
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    events = log.read_text(encoding="utf-8").splitlines()
    families = {int(line.split()[1]) for line in events if line.split()[0] != "socket.getaddrinfo"
                and len(line.split()) > 1}
    # The hook saw the app's own instance socket, so it was listening.
    assert events and families, events
    assert families == {int(socket.AF_UNIX)}, events
    assert not any(line.startswith(("socket.getaddrinfo", "socket.gethostbyname")) for line in events)
    print("audit events:", sorted(set(events)), "unix sockets at ready:", len(unix))
    assert native == [], native
    assert all(c.family == socket.AF_UNIX for c in unix)
