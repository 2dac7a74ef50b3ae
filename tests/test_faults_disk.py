"""A full disk or a folder that cannot be written is not a damaged file.

Each fault is made for real: a 4 MB tmpfs mounted for the test and filled
up, the same tmpfs remounted read-only, and a second local user whose data
file or folder they cannot write. After each: the store raised DiskFull or
DataFolderReadOnly with a plain sentence, no healthy file was set aside,
nothing acknowledged was lost, and writing works again once the fault goes."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

import pytest
from faults import cli, set_aside_files, tiny_disk, users  # noqa: F401 - fixtures

from companion.core.models import Rating
from companion.core.recovery import open_store
from companion.core.store import DataFolderReadOnly, DiskFull, Store


def _notes(path: Path) -> list[str]:
    with sqlite3.connect(path) as db:
        return [row[0] for row in db.execute("SELECT note FROM calls ORDER BY id")]


def _cli_env(xdg_data: Path) -> dict[str, str]:
    return {**os.environ, "XDG_DATA_HOME": str(xdg_data)}


def _healthy(folder: Path, calls: int = 5) -> Path:
    folder.mkdir(mode=0o700, exist_ok=True)
    path = folder / "companion.db"
    store = Store(path)
    for number in range(calls):
        store.log_call(Rating.OK, note=f"before {number}")
    store.close()
    return path


def test_a_full_disk_at_start_sets_nothing_aside(tiny_disk):
    path = _healthy(tiny_disk.root / "companion")
    before = path.read_bytes()
    tiny_disk.fill()

    store, message = open_store(path)
    # Opened to read: what is there shows; a write says why it cannot be saved.
    assert store.reading_only is not None and "is full" in message and "unharmed" in message
    assert [c.note for c in store.calls()][::-1] == [f"before {n}" for n in range(5)]
    with pytest.raises(DiskFull):
        store.log_call(Rating.ROUGH, note="while full, in the open store")
    done = cli(_cli_env(tiny_disk.root), "log", "rough", "--note", "while full")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "is full" in done.stderr and "could not be logged" in done.stderr
    assert "set the file aside" not in done.stderr  # the advice leads into no trap
    assert set_aside_files(path.parent) == [] and path.read_bytes() == before

    tiny_disk.free()
    done = cli(_cli_env(tiny_disk.root), "log", "rough", "--note", "space is back")
    assert done.returncode == 0, done.stderr
    # The store opened while the disk was full writes again on its own, and sees the CLI's call.
    store.log_call(Rating.OK, note="and in the open store")
    assert store.reading_only is None
    assert [c.note for c in store.calls()][:2] == ["and in the open store", "space is back"]
    store.close()
    assert _notes(path) == [f"before {n}" for n in range(5)] + ["space is back", "and in the open store"]
    assert set_aside_files(path.parent) == []


def test_the_disk_filling_up_mid_work_loses_no_acknowledged_call(tiny_disk):
    path = _healthy(tiny_disk.root / "companion", calls=0)
    store = Store(path)
    acknowledged = []
    # Most of the disk taken with the store open, so the next writes meet the wall.
    (tiny_disk.root / "companion" / "ballast").write_bytes(b"\0" * (3 * 1024 * 1024))
    with pytest.raises(DiskFull):
        for number in range(10_000):
            acknowledged.append(store.log_call(Rating.ROUGH, tags=["angry"], note=f"{number} " + "w" * 4000).note)
    assert acknowledged, "the disk filled before a single call: the test proves nothing"
    # Reading and showing go on while the disk is full.
    assert [c.note for c in store.calls(limit=20_000)][::-1] == acknowledged
    assert store.integrity_ok()

    (tiny_disk.root / "companion" / "ballast").unlink()
    store.log_call(Rating.OK, note="space is back")
    store.close()
    store, message = open_store(path)
    assert message is None and set_aside_files(path.parent) == []
    assert [c.note for c in store.calls(limit=20_000)][::-1] == [*acknowledged, "space is back"]
    store.close()
    print(f"disk full mid-work: {len(acknowledged)} calls acknowledged, all found; then one more once freed")


def test_a_read_only_disk_gives_a_plain_message_and_keeps_the_file(tiny_disk):
    path = _healthy(tiny_disk.root / "companion")
    before = path.read_bytes()
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_disk.root)], check=True)
    try:
        store, message = open_store(path)
        assert "cannot write to its data folder" in message
        assert len(store.calls()) == 5
        with pytest.raises(DataFolderReadOnly):
            store.start_break()
        store.close()
        done = cli(_cli_env(tiny_disk.root), "log", "great")
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert "cannot write to its data folder" in done.stderr and "set the file aside" not in done.stderr
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(tiny_disk.root)], check=True)
    assert path.read_bytes() == before and set_aside_files(path.parent) == []


# -- permissions need someone other than root ---------------------------------------
def _user_data(user) -> tuple[Path, dict[str, str]]:
    data = user.home / "data"
    env = {"PATH": os.environ["PATH"], "XDG_DATA_HOME": str(data), "XDG_CONFIG_HOME": str(user.home / "config"),
           "PULSE_SERVER": "unix:/nonexistent", "LC_ALL": "C.UTF-8"}
    done = user.python("-m", "companion", "log", "ok", "--note", "theirs", env=env)
    assert done.returncode == 0, done.stderr
    return data / "companion" / "companion.db", env


def test_a_data_file_the_user_cannot_write(users):
    user = users()
    path, env = _user_data(user)
    os.chown(path, 0, 0)  # root's now, still readable by them
    os.chmod(path, 0o644)

    done = user.python("-m", "companion", "log", "rough", "--note", "lost?", env=env)

    assert done.returncode == 1, done.stdout
    assert "Traceback" not in done.stderr
    assert "cannot write to its data folder" in done.stderr and "could not be logged" in done.stderr
    assert set_aside_files(path.parent) == [] and _notes(path) == ["theirs"]


def test_a_data_folder_that_belongs_to_someone_else(users):
    user = users()
    path, env = _user_data(user)
    os.chown(path.parent, 0, 0)  # root's folder now, 0755: they can read, not write
    os.chmod(path.parent, 0o755)

    done = user.python("-m", "companion", "log", "rough", env=env)

    assert done.returncode == 1, done.stdout
    assert "Traceback" not in done.stderr and "cannot write to its data folder" in done.stderr
    assert set_aside_files(path.parent) == [] and _notes(path) == ["theirs"]


# -- the tray started on a full disk ----------------------------------------------------
def test_the_tray_starts_on_a_full_disk_shows_what_is_there_and_saves_again_when_space_returns(
        tiny_disk, monkeypatch, qtbot, clock):
    from faults import QuietMic, close_app

    from companion.app import CompanionApp, make_qt_app
    from companion.service.service import UNSAVED_SESSION

    monkeypatch.setenv("XDG_DATA_HOME", str(tiny_disk.root))
    path = _healthy(tiny_disk.root / "companion")
    tiny_disk.fill()
    make_qt_app()
    app = CompanionApp(clock=clock, microphone=QuietMic())  # exited with "is full" before
    told = []
    app.tell = lambda title, text: told.append(text)
    try:
        app.start()
        qtbot.waitUntil(lambda: app.settled)
        qtbot.waitUntil(lambda: bool(told), timeout=5000)
        assert "is full" in told[0] and "breathing minute work as usual" in told[0]
        assert not app.service.saving and app.saving_timer.isActive()
        assert [c.note for c in app.store.calls()][::-1] == [f"before {n}" for n in range(5)]
        with pytest.raises(DiskFull):
            app.log_call(Rating.ROUGH)
        # The calm minute still runs, unrecorded.
        app.open_breathe(seconds=30)
        assert app.windows.breathe.running and app.windows.breathe.session_id == UNSAVED_SESSION
        app.windows.breathe.end_now()
        assert set_aside_files(path.parent) == []

        tiny_disk.free()
        app.saving_timer.timeout.emit()
        assert app.service.saving and not app.saving_timer.isActive()
        assert told[-1] == "Companion can save again: new calls are logged as usual."
        assert list((path.parent / "backups").glob("companion-*.db"))  # today's backup, skipped while full
        app.log_call(Rating.ROUGH)
        assert app.store.count_calls() == 6
    finally:
        close_app(app)
    assert set_aside_files(path.parent) == [] and len(_notes(path)) == 6


def test_the_tray_says_nothing_new_is_saved_while_the_disk_is_full(tiny_disk, clock, settings):
    from companion.core.recovery import open_store
    from companion.service.service import Service
    from companion.service.tray_status import NOT_SAVING, status_lines

    path = _healthy(tiny_disk.root / "companion")
    tiny_disk.fill()
    service = Service(open_store(path, clock)[0], settings, clock)
    first = status_lines(service)[0]
    assert first.template == NOT_SAVING and first.warning
    tiny_disk.free()
    assert service.try_saving()
    assert NOT_SAVING not in [line.template for line in status_lines(service)]
    service.close()
