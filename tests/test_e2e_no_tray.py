"""An X desktop with no tray host at all (Xvfb, no trayer): Companion says so
in a window of its own, with the tray menu's items as buttons, and every
message that would mention the tray says something true instead."""

from __future__ import annotations

import os
import subprocess
import sys

from e2e_helpers import (
    ARTIFACTS, PYTHON, REPO, Processes, app_env, distinct_colours, geometry, require_tools, screenshot,
    start_xvfb, visible_windows, wait_until, x,
)
from PySide6.QtWidgets import QSystemTrayIcon


def test_with_no_tray_host_companion_has_a_window_and_says_so(tmp_path):
    require_tools()
    processes = Processes(tmp_path)
    try:
        env = app_env(start_xvfb(processes), tmp_path)
        app = processes.start("companion", [PYTHON, "-m", "companion"], env, cwd=REPO)
        watch = {"the tray app": app}

        def wait(check, what):
            return wait_until(check, what, watch=watch, logs=processes.logs)

        window = wait(lambda: visible_windows(env, "--name", "no tray here"), "the no-tray window")[0]
        left, top, width, height = geometry(env, window)
        shot = ARTIFACTS / "e2e-no-tray.png"
        wait(lambda: distinct_colours(screenshot(env, shot), (left, top, width, height)) >= 64,
             "the no-tray window to paint")

        def companion(*args):
            return subprocess.run([sys.executable, "-m", "companion", *args], cwd=REPO, env=env,
                                  capture_output=True, text=True, timeout=30)

        second = companion()
        assert second.returncode == 0 and "without a tray icon" in second.stdout, second.stdout
        assert "look for its icon" not in second.stdout
        logged = companion("log", "ok")
        assert logged.returncode == 0 and "Undo from Companion's window." in logged.stdout, logged.stdout

        # Its first button is the menu's first item, Mute & breathe: the first in Tab order.
        x(env, "xdotool", "windowfocus", "--sync", str(window), "key", "space")
        wait(lambda: visible_windows(env, "--name", "Breathe"), "the Breathe window")
        assert companion("quit").returncode == 0
        watch.clear()
        assert app.wait(timeout=10) == 0, processes.log("companion")
    finally:
        processes.stop_all()


def test_double_and_middle_click_breathe_too(qapp):
    from PySide6.QtGui import QIcon

    from companion.ui.tray import Tray

    tray = Tray(QIcon())
    asked = []
    tray.breathe_requested.connect(lambda: asked.append(True))
    for reason in (QSystemTrayIcon.ActivationReason.DoubleClick, QSystemTrayIcon.ActivationReason.MiddleClick,
                   QSystemTrayIcon.ActivationReason.Trigger):
        tray.icon.activated.emit(reason)
    tray.icon.activated.emit(QSystemTrayIcon.ActivationReason.Context)
    assert len(asked) == 3
