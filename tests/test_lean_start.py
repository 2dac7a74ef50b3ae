"""What the everyday start loads. The tray runs all day beside a softphone and
a CRM, so libraries it only needs later (or never, on this OS) stay out:
benchmarks/run.py measures the cost, this guards the cause."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

PROBE = """
import os, sys
import companion.start as start
import companion.ui.qt_app as qt_app
seen = {}
def mark(stage):
    watched = WATCHED | LATER if stage == "tray-shown" else WATCHED
    seen[stage] = sorted(name for name in sys.modules if name in watched)
    if stage == "settled":
        import json, linecache  # json here: the start itself should not need it
        seen["source_lines_kept"] = sorted(linecache.cache)
        print(json.dumps(seen), flush=True)  # os._exit skips the buffer's own flush
        os._exit(0)
WATCHED = {"PySide6.QtNetwork", "_hashlib", "hashlib", "pyqtgraph", "numpy", "PySide6.QtDBus",
           "PySide6.QtSvg", "companion.ui.review", "companion.ui.breathe", "companion.ui.settings",
           "companion.core.history"}
# Needed soon after the icon (the microphone check after a crash; the data file,
# settings and service, companion/start.py), not before it.
LATER = {"companion.platform.mic", "sqlite3", "companion.core.store", "companion.core.settings",
         "companion.core.models", "companion.service.service", "companion.app",
         # The socket's JSON (unless another Companion runs) and the tray's status lines (with its menu).
         "json", "companion.service.tray_status",
         # The instance socket opens just after the icon (ipc/server.py claim, open).
         "socket"}
qt_app.mark_ready = mark
start.run_tray()
"""


def test_the_tray_starts_without_network_crypto_or_window_modules(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    # Single instance on POSIX is a plain unix socket; the folder checksum is zlib's.
    assert seen == {"tray-shown": [], "settled": [], "source_lines_kept": []}


def test_freed_memory_goes_back_to_the_system_where_the_c_library_can():
    from companion.platform.memory import give_back_freed_memory

    # This machine's glibc has malloc_trim; elsewhere it is a quiet no.
    assert give_back_freed_memory() is sys.platform.startswith("linux")
