"""Real faults for the fault-injection tests (tests/test_faults_*.py): a
damaged page written into a real file, a real tiny filesystem that fills up,
and a real second local user (root ignores file modes, so permission faults
need someone else). Import the fixtures into a test module."""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# A second user cannot reach this interpreter under /root: it runs the
# system's Python with a copy of the one pure-Python dependency the CLI needs.
SYSTEM_PYTHON = "/usr/bin/python3"


class QuietMic:
    """A microphone for tray tests that cannot be muted (no sound server)."""

    def mute(self):
        from companion.platform.mic import NOT_SUPPORTED

        return NOT_SUPPORTED

    def restore(self):
        pass


def process_ended(pid: int, timeout: float = 10) -> bool:
    """True once `pid` (not necessarily our child) has ended: a pidfd says so."""
    import select

    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        return bool(select.select([fd], [], [], timeout)[0])
    finally:
        os.close(fd)


def kill_guardians(marker: Path) -> list[int]:
    """SIGKILL the microphone guardians named in a restore note, as a machine
    going down would, and wait until they are gone. Returns their pids."""
    import json
    import signal

    try:
        notes = json.loads(Path(marker).read_text())["notes"]
    except (OSError, ValueError, KeyError):
        return []
    pids = [n["guardian"] for n in notes if isinstance(n.get("guardian"), int)]
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            continue
        assert process_ended(pid), f"guardian {pid} survived SIGKILL"
    return pids


def close_app(app, close_store: bool = True) -> None:
    """The end of a tray test: its popups closed, the app stopped."""
    for window in (app.windows.tag_popup, app.nudges.toast):
        if window is not None:
            window.close()
    app.stop()
    if close_store:
        app.store.close()


# -- damaged pages -------------------------------------------------------------
def root_page(path: Path, table: str) -> tuple[int, int]:
    """(page number, page size) of `table`'s root b-tree page."""
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        number = db.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    finally:
        db.close()
    return number, page_size


def damage_table(path: Path, table: str) -> bytes:
    """Overwrite the root page of `table` (or index) with noise, the file header intact;
    returns the damaged bytes. The file must be closed (no -wal left)."""
    number, size = root_page(path, table)
    assert number > 1, "page 1 holds the header: damage a table of its own"
    raw = bytearray(path.read_bytes())
    raw[(number - 1) * size: number * size] = bytes((i * 37 + 11) % 256 for i in range(size))
    path.write_bytes(bytes(raw))
    for side in ("-wal", "-shm"):
        Path(str(path) + side).unlink(missing_ok=True)
    return bytes(raw)


def set_aside_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("companion-damaged-*.db"))


# -- older schemas ---------------------------------------------------------------
def older_schema(path, version: int, calls: int) -> None:
    """A file as an older Companion left it: the first `version` steps only."""
    from companion.core.store import MIGRATIONS, migration_statements

    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    for step in MIGRATIONS[:version]:
        for statement in migration_statements(step):
            db.execute(statement)
    db.execute(f"PRAGMA user_version={version}")
    for number in range(calls):
        db.execute("INSERT INTO calls (at, day, week, rating, note) VALUES (?,?,?,?,?)",
                   (f"2026-11-2{number % 7}T09:00:00+00:00", f"2026-11-2{number % 7}", "2026-W48", "ok",
                    f"old {number}"))
    db.close()


# -- a tiny filesystem that fills up ----------------------------------------------
@dataclass
class TinyDisk:
    root: Path

    def fill(self) -> Path:
        """Write a filler file until the filesystem says ENOSPC."""
        filler = self.root / "filler"
        with open(filler, "ab", buffering=0) as out:
            chunk = b"\0" * 65536
            while True:
                try:
                    out.write(chunk)
                except OSError:
                    break
            while True:  # the last few blocks, in small pieces
                try:
                    out.write(b"\0" * 512)
                except OSError:
                    break
        assert shutil.disk_usage(self.root).free < 64 * 1024
        return filler

    def free(self) -> None:
        (self.root / "filler").unlink(missing_ok=True)


@pytest.fixture
def tiny_disk():
    """A real 4 MB tmpfs mounted for the test, unmounted after."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root and mount(8); this machine cannot fill a real disk")
    root = Path(tempfile.mkdtemp(prefix="cp-disk-"))
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m,mode=0755", "tmpfs", str(root)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        root.rmdir()
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip()}); a full disk cannot be made for real")
    try:
        yield TinyDisk(root)
    finally:
        subprocess.run(["umount", "-l", str(root)], check=False)
        root.rmdir()


# -- a second local user ----------------------------------------------------------
@dataclass
class OtherUser:
    name: str
    uid: int
    gid: int
    home: Path
    pythonpath: str

    def run(self, argv: list[str], env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess:
        """`argv` run as this user (real uid and gid, no extra groups)."""
        return subprocess.run(argv, env={**env, "HOME": str(self.home), "PYTHONPATH": self.pythonpath},
                              user=self.uid, group=self.gid, extra_groups=[], cwd=self.home,
                              capture_output=True, text=True, timeout=timeout)

    def python(self, *args: str, env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess:
        return self.run([SYSTEM_PYTHON, *args], env, timeout)

    def chown(self, *paths: Path) -> None:
        for path in paths:
            os.chown(path, self.uid, self.gid, follow_symlinks=False)


def _make_user(shared: Path) -> OtherUser:
    name = f"cpf{uuid.uuid4().hex[:8]}"
    home = shared / name
    done = subprocess.run(["useradd", "--no-create-home", "--home-dir", str(home), "--shell", "/bin/sh",
                           "--user-group", name], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot create a second local user here ({done.stderr.strip()})")
    entry = pwd.getpwnam(name)
    home.mkdir(mode=0o700)
    os.chown(home, entry.pw_uid, entry.pw_gid)
    return OtherUser(name, entry.pw_uid, entry.pw_gid, home, f"{shared / 'lib'}{os.pathsep}{REPO}")


@pytest.fixture
def users():
    """A factory of real local users (useradd), each deleted after the test.
    They share a world-readable folder holding platformdirs for the system
    Python, and can read the source tree."""
    if os.geteuid() != 0 or shutil.which("useradd") is None or not Path(SYSTEM_PYTHON).exists():
        pytest.skip("a second local user needs root, useradd and the system's python3")
    shared = Path(tempfile.mkdtemp(prefix="cp-users-"))
    os.chmod(shared, 0o755)
    import platformdirs

    shutil.copytree(Path(platformdirs.__file__).parent, shared / "lib" / "platformdirs")
    for folder, _dirs, files in os.walk(shared / "lib"):
        os.chmod(folder, 0o755)
        for name in files:
            os.chmod(Path(folder) / name, 0o644)
    made: list[OtherUser] = []

    def make() -> OtherUser:
        made.append(_make_user(shared))
        return made[-1]

    try:
        yield make
    finally:
        for user in made:
            subprocess.run(["userdel", user.name], check=False, capture_output=True)
        shutil.rmtree(shared, ignore_errors=True)


def cli(env: dict[str, str], *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """`companion ARGS` as this user, from this source tree."""
    env = {**env, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "companion", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=timeout)


# -- the tray app in a process of its own -------------------------------------------
def start_tray(env: dict[str, str], ready: Path, stderr=subprocess.DEVNULL) -> subprocess.Popen:
    """The real tray app (`companion`, offscreen) from this source tree, once
    it has settled: its ready file (COMPANION_READY_FILE) says so."""
    env = {**env, "QT_QPA_PLATFORM": "offscreen", "COMPANION_READY_FILE": str(ready),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))}
    app = subprocess.Popen([sys.executable, "-m", "companion"], cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                           stderr=stderr, text=True)
    deadline = time.monotonic() + 30
    while not (ready.exists() and "settled" in ready.read_text()):
        if app.poll() is not None or time.monotonic() > deadline:
            app.kill()
            app.wait()
            pytest.fail(f"the tray did not settle (exit {app.returncode}): {app.stderr and app.stderr.read()}")
        time.sleep(0.02)  # no signal crosses the process boundary: the ready file is polled
    return app


def quit_tray(app: subprocess.Popen, env: dict[str, str]) -> None:
    """`companion quit`, and the process gone (killed if it would not go)."""
    if app.poll() is None:
        os.kill(app.pid, signal.SIGCONT)  # a test may have frozen it
        cli(env, "quit")
    try:
        app.wait(timeout=10)
    except subprocess.TimeoutExpired:
        app.kill()
        app.wait()
