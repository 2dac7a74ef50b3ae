"""With no desktop session, `companion` says so in one plain sentence instead
of Qt's abort (which blames a missing xcb-cursor library); with a real X
server (Xvfb, started here) the check lets it through."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from companion.platform.display import NO_DESKTOP, desktop_session_missing
from e2e_helpers import Processes, start_xvfb

REPO = Path(__file__).resolve().parents[1]


def without_display(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return dict(env, PYTHONPATH=str(REPO), **extra)


def test_the_tray_start_with_no_display_says_what_is_missing_and_what_still_works():
    done = subprocess.run([sys.executable, "-m", "companion"], env=without_display(), capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.strip() == f"companion: {NO_DESKTOP}"
    assert "'companion log'" in NO_DESKTOP and "desktop session" in NO_DESKTOP


def test_a_display_variable_pointing_at_nothing_counts_as_no_display(tmp_path):
    assert desktop_session_missing({"DISPLAY": ":4711"}, "linux")
    assert desktop_session_missing({"WAYLAND_DISPLAY": "wayland-9", "XDG_RUNTIME_DIR": str(tmp_path)}, "linux")
    assert desktop_session_missing({}, "linux")
    # A chosen platform, a remote display and other systems are trusted.
    assert not desktop_session_missing({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert not desktop_session_missing({"DISPLAY": "localhost:10.0"}, "linux")
    assert not desktop_session_missing({}, "win32")


def test_a_real_x_server_is_found(tmp_path):
    processes = Processes(tmp_path)
    try:
        display = start_xvfb(processes)
        assert not desktop_session_missing({"DISPLAY": display}, "linux")
        assert not desktop_session_missing({"DISPLAY": display + ".0"}, "linux")
    finally:
        processes.stop_all()


def test_commands_that_need_no_window_work_without_a_display():
    done = subprocess.run([sys.executable, "-m", "companion", "log", "ok"], env=without_display(),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
