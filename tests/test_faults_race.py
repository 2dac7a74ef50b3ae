"""Racing starts after an upgrade: the tray at login, a softphone hook's
`companion log` and a `companion breathe` open a file of an older schema at
the same moment. Each migration step runs once, under SQLite's write lock,
with the version read again inside it; a process that finds the schema moved
on simply carries on. Real processes, released together, many rounds."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

from faults import REPO, older_schema, set_aside_files

from companion.core.store import SCHEMA_VERSION

ROUNDS = 12
PROCESSES = 4

# Opens the file the way every start does (recovery included) once the
# parent lets go, logs one call and prints its id.
OPENER = """
import os, sys
from companion.core.models import Rating
from companion.core.recovery import open_store
os.read(int(sys.argv[2]), 1)  # wait for the start signal: EOF for everyone at once
store, message = open_store(sys.argv[1], check=False)
call = store.log_call(Rating.ROUGH, note=sys.argv[3])
store.close()
print(call.id, message or "")
"""


def test_racing_opens_of_an_older_schema_migrate_once_and_lose_nothing(tmp_path):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    acknowledged = found = 0
    for round_ in range(ROUNDS):
        folder = tmp_path / f"round{round_}"
        folder.mkdir()
        path = folder / "companion.db"
        older_schema(path, version=1 + round_ % (SCHEMA_VERSION - 1), calls=20)
        start_read, start_write = os.pipe()
        openers = [
            subprocess.Popen([sys.executable, "-c", OPENER, str(path), str(start_read), f"r{round_} p{n}"],
                             env=env, cwd=REPO, pass_fds=(start_read,), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
            for n in range(PROCESSES)
        ]
        os.close(start_read)
        os.close(start_write)  # go
        results = [opener.communicate(timeout=60) for opener in openers]
        for opener, (out, err) in zip(openers, results):
            assert opener.returncode == 0, err
            assert out.split(maxsplit=1)[1:] == [], f"a process thought the file damaged: {out}"
        acknowledged += len(openers)
        assert set_aside_files(folder) == [], f"round {round_}: a healthy file was set aside"
        with sqlite3.connect(path) as db:
            assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            notes = {row[0] for row in db.execute("SELECT note FROM calls")}
        assert {f"old {n}" for n in range(20)} <= notes
        mine = {f"r{round_} p{n}" for n in range(PROCESSES)}
        found += len(mine & notes)
        assert mine <= notes
    print(f"racing starts: {ROUNDS} rounds x {PROCESSES} processes, {acknowledged} calls acknowledged, "
          f"{found} found, 0 files set aside")
